using System.Diagnostics;
using DataEngineer.Bench.Reporting;
using DataEngineer.Core.Alerts;
using DataEngineer.Core.Loading;
using DataEngineer.Core.Storage;
using DataEngineer.Execution.Loading;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataEngineer.Bench.Scenarios;

/// <summary>
/// The DAGs folder as the host loads it: 1,000 generated DAG files compiled cold (empty cache), loaded
/// warm by a new registry from the compiled-unit cache (a restarted process), and rescanned unchanged;
/// then the time from writing a changed file to the new version being live under the folder watcher,
/// and memory after 200 reloads of one file.
/// </summary>
public static class DagLoadingScenario
{
    public const int Files = 1_000;
    private const int LiveSamples = 10;
    private const int Reloads = 200;

    public static async Task<DagLoadingResult> RunAsync(CancellationToken ct)
    {
        var folder = Directory.CreateTempSubdirectory("dataengineer-bench-dags-").FullName;
        var cache = Directory.CreateTempSubdirectory("dataengineer-bench-cache-").FullName;
        try
        {
            for (var i = 0; i < Files; i++)
            {
                await File.WriteAllTextAsync(Path.Combine(folder, $"dag_{i:0000}.cs"), Source(i, "v1"), ct);
            }

            var options = new DagFolderOptions { Folder = folder, CacheFolder = cache };
            var cold = Stopwatch.StartNew();
            var registry = new DagFolderRegistry(options, DagCatalog.Empty, TimeProvider.System);
            registry.Reload();
            cold.Stop();

            var rescan = Stopwatch.StartNew();
            registry.Reload();
            rescan.Stop();

            var warm = Stopwatch.StartNew();
            var restarted = new DagFolderRegistry(options, DagCatalog.Empty, TimeProvider.System);
            restarted.Reload();
            warm.Stop();

            var live = await WriteToLiveAsync(registry, folder, ct);
            var memory = await ReloadsAsync(ct);
            return memory with
            {
                DagsLoaded = registry.Dags.Count,
                Cold = cold.Elapsed,
                WarmFromDiskCache = warm.Elapsed,
                RescanUnchanged = rescan.Elapsed,
                WriteToLive = live,
                WarmPhases = restarted.LastReloadTimes,
            };
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
            Directory.Delete(cache, recursive: true);
        }
    }

    private static async Task<Distribution> WriteToLiveAsync(DagFolderRegistry registry, string folder, CancellationToken ct)
    {
        var alerts = new AlertOutbox(new InMemoryAlertStore(), registry, new AlertRoutingOptions(), TimeProvider.System, NullLogger<AlertOutbox>.Instance);
        using var watcher = new DagFolderWatcher(registry, new InMemoryMetadataStore(), alerts, NullLogger<DagFolderWatcher>.Instance);
        await watcher.StartAsync(ct);
        var samples = new List<TimeSpan>();
        for (var i = 0; i < LiveSamples; i++)
        {
            var before = registry.Find("bench_dag_0007")!.Version;
            var clock = Stopwatch.StartNew();
            await File.WriteAllTextAsync(Path.Combine(folder, "dag_0007.cs"), Source(7, $"edit {i}"), ct);
            while (registry.Find("bench_dag_0007")?.Version == before)
            {
                await Task.Delay(5, ct);
            }

            samples.Add(clock.Elapsed);
        }

        await watcher.StopAsync(ct);
        return Distribution.Of(samples);
    }

    private static async Task<DagLoadingResult> ReloadsAsync(CancellationToken ct)
    {
        var folder = Directory.CreateTempSubdirectory("dataengineer-bench-reload-").FullName;
        try
        {
            var registry = new DagFolderRegistry(new DagFolderOptions { Folder = folder, RetiredGrace = TimeSpan.Zero }, DagCatalog.Empty, TimeProvider.System);
            var unloaded = new List<WeakReference>();

            // The first reloads JIT the compiler; memory is measured from the tenth.
            (double Managed, double WorkingSet) before = default;
            for (var i = 0; i < Reloads; i++)
            {
                await File.WriteAllTextAsync(Path.Combine(folder, "dag.cs"), Source(0, $"reload {i}"), ct);
                File.SetLastWriteTimeUtc(Path.Combine(folder, "dag.cs"), DateTime.UtcNow.AddSeconds(i));
                registry.Reload();
                unloaded.AddRange(registry.Release(new HashSet<(string, string)>()));
                if (i == 9)
                {
                    before = Memory();
                }
            }

            var after = Memory();
            return new DagLoadingResult
            {
                Files = Files,
                DagsLoaded = 0,
                Cold = TimeSpan.Zero,
                WarmFromDiskCache = TimeSpan.Zero,
                RescanUnchanged = TimeSpan.Zero,
                WriteToLive = Distribution.Of([]),
                Reloads = Reloads,
                ManagedMbBefore = before.Managed,
                ManagedMbAfter = after.Managed,
                WorkingSetMbBefore = before.WorkingSet,
                WorkingSetMbAfter = after.WorkingSet,
                ContextsStillAlive = unloaded.Count(w => w.IsAlive),
            };
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static (double Managed, double WorkingSet) Memory()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        using var process = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: true) / 1048576.0, process.WorkingSet64 / 1048576.0);
    }

    /// <summary>The text of generated DAG file <paramref name="i"/> (5 tasks); <paramref name="marker"/> changes its code without changing its shape.</summary>
    public static string Source(int i, string marker) => $$"""
        using DataEngineer.Sdk;

        namespace Bench.Generated;

        public sealed class BenchDag{{i}}() : Dag("bench_dag_{{i:0000}}", new DagOptions { Schedule = "{{i % 60}} * * * *", StartDate = new DateTime(2024, 1, 1), Tags = ["bench"] })
        {
            protected override void Define(DagBuilder dag)
            {
                // {{marker}}
                var extract = dag.Task("extract", ctx => ctx.LogicalDate.Day);
                var transform = dag.Task("transform", extract, (ctx, day) => day * 2);
                var load = dag.Task("load", transform, (ctx, rows) => ctx.Rows.AddWritten(rows));
                var check = dag.Task("check", ctx => { });
                var notify = dag.Task("notify", ctx => { });
                dag.Chain(load, check, notify);
            }
        }
        """;
}
