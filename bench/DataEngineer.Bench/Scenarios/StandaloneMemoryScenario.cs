using System.Diagnostics;
using DataEngineer.Bench.Infrastructure;

namespace DataEngineer.Bench.Scenarios;

/// <summary>
/// The real <c>dataengineer</c> executable in standalone mode (scheduler, worker and web in one process) on a folder of
/// 1,000 generated DAG files, against the benchmark's PostgreSQL: time until /health/ready answers 200, then, once the
/// process is idle (under 5% of one core for 5 s; the DAGs start paused, so nothing runs), its resident and private
/// memory from /proc. Done twice: a cold start that compiles every file, and a restart that loads them from the
/// compiled-unit cache, as a redeployed host does.
/// </summary>
public static class StandaloneMemoryScenario
{
    public const int Dags = 1_000;
    private const string Database = "bench_standalone";
    private static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan IdleLimit = TimeSpan.FromMinutes(3);
    private const double IdleCpuShare = 0.05;

    public static async Task<StandaloneMemoryResult> RunAsync(ThrowawayPostgres postgres, CancellationToken ct)
    {
        var folder = Directory.CreateTempSubdirectory("dataengineer-bench-standalone-dags-").FullName;
        var cache = Directory.CreateTempSubdirectory("dataengineer-bench-standalone-cache-").FullName;
        try
        {
            for (var i = 0; i < Dags; i++)
            {
                await File.WriteAllTextAsync(Path.Combine(folder, $"dag_{i:0000}.cs"), DagLoadingScenario.Source(i, "standalone"), ct);
            }

            var connection = await postgres.CreateMetadataDatabaseAsync(Database, ct);
            var environment = new Dictionary<string, string>
            {
                ["ConnectionStrings__Metadata"] = connection,
                ["ConnectionStrings__Warehouse"] = connection,
                ["DataEngineer__DagsFolder"] = folder,
                ["DataEngineer__DagCacheFolder"] = cache,
                ["DataEngineer__DagAssemblies"] = "",
                ["Logging__LogLevel__Default"] = "Warning",
            };
            var (coldReady, coldIdle, _) = await MeasureAsync(environment, ct);
            var (warmReady, warmIdle, cpu) = await MeasureAsync(environment, ct);
            return new StandaloneMemoryResult { Dags = Dags, ColdReady = coldReady, ColdIdle = coldIdle, WarmReady = warmReady, WarmIdle = warmIdle, IdleCpuPercent = cpu };
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
            Directory.Delete(cache, recursive: true);
        }
    }

    private static async Task<(TimeSpan Ready, ProcessMemory Idle, double IdleCpuPercent)> MeasureAsync(Dictionary<string, string> environment, CancellationToken ct)
    {
        await using var host = await StandaloneHost.StartAsync(environment, ct);
        var cpu = await WaitUntilIdleAsync(host.Process, ct);
        return (host.Ready, ProcessMemory.Read(host.Process.Id), cpu * 100);
    }

    /// <summary>The share of one core the process used over the last window, once it is under the idle share.</summary>
    public static async Task<double> WaitUntilIdleAsync(Process process, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            process.Refresh();
            var before = process.TotalProcessorTime;
            await Task.Delay(IdleWindow, ct);
            process.Refresh();
            var share = (process.TotalProcessorTime - before) / IdleWindow;
            if (share < IdleCpuShare)
            {
                return share;
            }

            if (clock.Elapsed > IdleLimit)
            {
                throw new InvalidOperationException($"The standalone host never went idle: still {share:P0} of a core after {IdleLimit.TotalMinutes} min.");
            }
        }
    }
}
