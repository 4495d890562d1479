using System.Diagnostics;
using DataEngineer.Bench.Dags;
using DataEngineer.Bench.Infrastructure;
using DataEngineer.Bench.Reporting;
using DataEngineer.Core.Execution;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;
using DataEngineer.Execution.Hangfire;
using DataEngineer.Postgres.Metadata;
using Npgsql;

namespace DataEngineer.Bench.Scenarios;

/// <summary>
/// Runs the handoff chain, the 100 x 10 shape and two binary trees again with every engine call to the store counted
/// and timed, then times single store operations back to back: how many round trips a task costs, what one costs,
/// and how much CPU a task costs in the engine and in PostgreSQL.
/// </summary>
public static class ProfileScenario
{
    private const int ProbeCalls = 200;

    // Two of the eight trees: enough to show how fan-out behaves, short enough for the time budget.
    private const int ProfiledTrees = 2;

    public static async Task<ProfileResult> RunAsync(string connectionString, BenchDagSet dags, int concurrency, CpuMeter cpu, CancellationToken ct)
    {
        var log = new StoreCallLog();
        var workloads = new List<CallProfile>();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        RunKey chainRun;
        RunKey shortRun;
        await using (var engine = await EngineProcess.StartAsync(connectionString, dags.Registry, new WorkerOptions { Concurrency = concurrency }, scheduler: true, ct,
                         store => CountingStore.Wrap(store, log)))
        {
            shortRun = (await BenchRuns.TriggerAsync(engine.Store, [dags.Warmup], ct))[0];
            await BenchRuns.WaitAsync(engine.Store, [shortRun], ct);

            var chain = await ProfileAsync($"{BenchDagSet.HandoffChainLength}-task chain", [dags.ProfileChain]);
            chainRun = chain[0];
            await ProfileAsync(dags.Shapes[0].Name, dags.Shapes[0].Dags);
            var trees = dags.Shapes[2].Dags.Take(ProfiledTrees).ToList();
            await ProfileAsync($"{ProfiledTrees} binary trees x {trees[0].Tasks.Count} tasks", trees);

            async Task<IReadOnlyList<RunKey>> ProfileAsync(string name, IReadOnlyList<DagGraph> workload)
            {
                log.Clear();
                var jobs = await HangfireJobCountAsync(dataSource, ct);
                var cpuBefore = cpu.Sample();
                var elapsed = Stopwatch.StartNew();
                var runs = await BenchRuns.TriggerAsync(engine.Store, workload, ct);
                await BenchRuns.WaitAsync(engine.Store, runs, ct);
                workloads.Add(new CallProfile(name, workload.Sum(d => d.Tasks.Count), elapsed.Elapsed, log.Totals(),
                    await HangfireJobCountAsync(dataSource, ct) - jobs, cpu.Sample().Since(cpuBefore)));
                return runs;
            }
        }

        var store = new PostgresMetadataStore(dataSource);
        var probes = new List<ProbeResult>
        {
            await ProbeAsync("SELECT 1 (one round trip, the floor)", async () =>
            {
                await using var command = dataSource.CreateCommand("SELECT 1");
                await command.ExecuteScalarAsync(ct);
            }),
            await ProbeAsync($"UpdateRunAsync, no change, {dags.Warmup.Tasks.Count}-task run", () => store.UpdateRunAsync(shortRun, _ => RunChanges.None, ct)),
            await ProbeAsync($"UpdateRunAsync, no change, {BenchDagSet.HandoffChainLength}-task run", () => store.UpdateRunAsync(chainRun, _ => RunChanges.None, ct)),
            await ProbeAsync($"UpdateRunWithOccupancyAsync, no change, {dags.Warmup.Tasks.Count}-task run",
                () => store.UpdateRunWithOccupancyAsync(shortRun, new ClaimLimits(Pool.DefaultName), (_, _) => RunChanges.None, ct)),
        };
        return new ProfileResult(workloads, probes);
    }

    private static async Task<ProbeResult> ProbeAsync(string operation, Func<Task> call)
    {
        await call();
        var latencies = new List<TimeSpan>(ProbeCalls);
        for (var i = 0; i < ProbeCalls; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await call();
            latencies.Add(Stopwatch.GetElapsedTime(started));
        }

        return new ProbeResult(operation, Distribution.Of(latencies));
    }

    private static async Task<long> HangfireJobCountAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"SELECT count(*) FROM {HangfireStorage.Schema}.job");
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }
}
