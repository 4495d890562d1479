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
    private LocalPostgres _server;

    private DedicatedPostgresCluster(PostgresScratchDirectory directory, LocalPostgres server)
    {
        _directory = directory;
        _server = server;
    }

    /// <summary>The loopback port; the same after a restart, so connection strings stay valid.</summary>
    public int Port => _server.Port;

    public static async Task<DedicatedPostgresCluster> StartAsync()
    {
        var directory = new PostgresScratchDirectory();
        try
        {
            var server = await LocalPostgres.StartAsync(new LocalPostgresOptions { DataDirectory = directory.DataDirectory, FastUnsafe = true });
            ExitWatchdog.Watch(server.DataDirectory, directory.Path);
            return new DedicatedPostgresCluster(directory, server);
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
            StartTimeout = startTimeout,
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _directory.Dispose();
    }
}
