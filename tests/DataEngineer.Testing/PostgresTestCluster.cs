using DataEngineer.Postgres.Local;

namespace DataEngineer.Testing;

/// <summary>
/// One throwaway PostgreSQL cluster per test process: fresh data directory, free loopback port, no durability;
/// stopped and deleted when the process exits.
/// </summary>
public static class PostgresTestCluster
{
    // Task.Run: the first caller's synchronization context and lifetime must not own the shared start.
    private static readonly Lazy<Task<LocalPostgres>> Shared = new(() => Task.Run(StartAsync));

    /// <summary>The process's cluster, started on first use.</summary>
    public static Task<LocalPostgres> SharedAsync() => Shared.Value;

    private static async Task<LocalPostgres> StartAsync()
    {
        var scratch = new PostgresScratchDirectory();
        LocalPostgres cluster;
        try
        {
            cluster = await LocalPostgres.StartAsync(new LocalPostgresOptions { DataDirectory = scratch.DataDirectory, FastUnsafe = true });
        }
        catch
        {
            scratch.Dispose();
            throw;
        }

        ExitWatchdog.Watch(cluster.DataDirectory, scratch.Path);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();
                scratch.Dispose();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or LocalPostgresException)
            {
                // Exiting anyway: the watchdog finishes what this could not.
            }
        };
        return cluster;
    }
}
