using DataEngineer.Bench.Infrastructure;

namespace DataEngineer.Bench.Scenarios;

/// <summary>
/// DESIGN.md's idle target: the real <c>dataengineer</c> executable in standalone mode (scheduler, worker, web) on the
/// repository's example DAGs (which start paused, so nothing runs), against a metadata database of its own. Once it is
/// ready and has settled, the database's transactions (<c>pg_stat_database</c>) over <see cref="Window"/>, and the
/// tables they scanned or wrote (<c>pg_stat_user_tables</c>): who polls.
/// </summary>
public static class IdleTransactionsScenario
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(15);

    public static async Task<IdleTransactionsResult> RunAsync(ThrowawayPostgres postgres, CancellationToken ct)
    {
        var cache = Directory.CreateTempSubdirectory("dataengineer-bench-idle-cache-").FullName;
        try
        {
            var connection = await postgres.CreateMetadataDatabaseAsync("bench_idle", ct);
            var environment = new Dictionary<string, string>
            {
                ["ConnectionStrings__Metadata"] = connection,
                ["ConnectionStrings__Warehouse"] = connection,
                ["DataEngineer__DagsFolder"] = ExampleDagsFolder(),
                ["DataEngineer__DagCacheFolder"] = cache,
                ["DataEngineer__DagAssemblies"] = "",
                ["Logging__LogLevel__Default"] = "Warning",
            };
            await using var host = await StandaloneHost.StartAsync(environment, ct);
            await Task.Delay(Settle, ct);
            var before = await DatabaseActivity.ReadAsync(connection, ct);
            await Task.Delay(Window, ct);
            var after = await DatabaseActivity.ReadAsync(connection, ct);
            // The reading's own transaction is not the host's.
            return new IdleTransactionsResult(after.At - before.At, after.TransactionsSince(before) - 1, after.TablesSince(before));
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    // The repository's dags/ folder, found upwards from the working directory or the benchmark's output folder.
    private static string ExampleDagsFolder()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "DataEngineer.sln")))
                {
                    return Path.Combine(directory.FullName, "dags");
                }
            }
        }

        throw new DirectoryNotFoundException(
            $"No DataEngineer.sln above {Environment.CurrentDirectory} or {AppContext.BaseDirectory}: run the benchmark from the repository (dotnet run --project bench/DataEngineer.Bench).");
    }
}
