using DataEngineer.Postgres.Local;

namespace DataEngineer.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster owned by one test (not the process-wide <see cref="PostgresTestCluster"/>), so the
/// test may restart it under running processes without pulling it from under other test classes. Fresh directory,
/// free loopback port kept across restarts, no durability; stopped and deleted on dispose or when the process dies.
/// </summary>
public sealed class DedicatedPostgresCluster : IAsyncDisposable
{
    private readonly PostgresScratchDirectory _directory;
    private readonly RemoteClients? _remoteClients;
    private LocalPostgres _server;

    private DedicatedPostgresCluster(PostgresScratchDirectory directory, LocalPostgres server, RemoteClients? remoteClients)
    {
        _directory = directory;
        _server = server;
        _remoteClients = remoteClients;
    }

    /// <summary>The loopback port; the same after a restart, so connection strings stay valid.</summary>
    public int Port => _server.Port;

    /// <summary>Starts the cluster; <paramref name="remoteClients"/> lets clients of another network in too (loopback only when null).</summary>
    public static async Task<DedicatedPostgresCluster> StartAsync(RemoteClients? remoteClients = null)
    {
        var directory = new PostgresScratchDirectory();
        try
        {
            var server = await LocalPostgres.StartAsync(new LocalPostgresOptions { DataDirectory = directory.DataDirectory, FastUnsafe = true, RemoteClients = remoteClients });
            ExitWatchdog.Watch(server.DataDirectory, directory.Path);
            return new DedicatedPostgresCluster(directory, server, remoteClients);
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    /// <summary>A superuser connection string for <paramref name="database"/>, created if missing.</summary>
    public async Task<string> DatabaseAsync(string database)
    {
        await _server.EnsureDatabaseAsync(database);
        return _server.ConnectionString(database);
    }

    /// <summary>
    /// Stops the server (fast shutdown: open connections are cut, as in a real restart or failover) and starts it
    /// again on the same port; returns once it accepts connections.
    /// </summary>
    public async Task RestartAsync(TimeSpan startTimeout)
    {
        var port = _server.Port;
        await _server.DisposeAsync();
        _server = await LocalPostgres.StartAsync(new LocalPostgresOptions
        {
            DataDirectory = _directory.DataDirectory,
            Port = port,
            FastUnsafe = true,
            RemoteClients = _remoteClients,
            StartTimeout = startTimeout,
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _directory.Dispose();
    }
}
