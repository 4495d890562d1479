using System.Diagnostics;
using DataEngineer.Bench.Dags;
using DataEngineer.Bench.Infrastructure;
using DataEngineer.Bench.Reporting;
using DataEngineer.Bench.Scenarios;
using DataEngineer.Bench.Ui;
using DataEngineer.Core.Execution;

namespace DataEngineer.Bench;

/// <summary>Runs the selected scenarios, one after another, on one throwaway PostgreSQL; progress goes to stderr.</summary>
public static class BenchRunner
{
    /// <summary>Jobs in the raw Hangfire baseline: as many as tasks in a throughput shape.</summary>
    public const int RawJobs = 1_000;

    // Warm-up passes of the AIP-15 shapes: at most this many, until one in which the JIT compiled for less than QuietJit.
    private const int WarmUpPasses = 4;

    private static readonly TimeSpan QuietJit = TimeSpan.FromMilliseconds(50);

    public static async Task<BenchResults> RunAsync(BenchArguments arguments, CancellationToken ct)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var elapsed = Stopwatch.StartNew();
        var selected = arguments.Scenarios;
        var dags = new BenchDagSet();

        Progress("starting a throwaway PostgreSQL");
        await using var postgres = await ThrowawayPostgres.StartAsync(ct);
        var connectionString = postgres.ConnectionString;
        var machine = await MachineFacts.ReadAsync(connectionString, ct);
        var cpu = new CpuMeter(postgres.PostmasterPid);
        var cpuAtStart = cpu.Sample();

        HandoffResult? handoff = null;
        IReadOnlyList<ThroughputResult>? throughput = null;
        if ((selected & (BenchScenario.Handoff | BenchScenario.Throughput)) != 0)
        {
            Progress("starting the engine (scheduler + worker) in this process");
            await using var engine = await EngineProcess.StartAsync(connectionString, dags.Registry, new WorkerOptions { Concurrency = arguments.Concurrency }, scheduler: true, ct);

            // JIT, connection pools and prepared plans warm up on a short chain, then on unmeasured passes of the runs
            // measured below: the runtime's tiered JIT recompiles the engine's hot paths during its first few thousand tasks
            // (profiled with perf: its thread took 10-17 % of the CPUs during a first pass of the shapes, and still 8-13 %
            // during the second), which a long-running engine has long paid. The shapes are passed again until the JIT
            // is quiet (the report gives the JIT's time during each measured shape).
            await BenchRuns.WaitAsync(engine.Store, await BenchRuns.TriggerAsync(engine.Store, [dags.Warmup], ct), ct);
            Progress("warming up: unmeasured passes of the handoff chain and the AIP-15 shapes");
            if (selected.HasFlag(BenchScenario.Handoff))
            {
                await HandoffScenario.RunAsync(engine, dags, ct);
            }

            if (selected.HasFlag(BenchScenario.Throughput))
            {
                await WarmUpThroughputAsync(engine, dags, cpu, ct);
            }

            if (selected.HasFlag(BenchScenario.Handoff))
            {
                Progress($"1. handoff: {BenchDagSet.HandoffChainLength}-task chain");
                handoff = await HandoffScenario.RunAsync(engine, dags, ct);
            }

            if (selected.HasFlag(BenchScenario.Throughput))
            {
                Progress("2. throughput: AIP-15 shapes");
                throughput = await ThroughputScenario.RunAsync(engine, dags, cpu, ct);
            }
        }

        RawHangfireResult? raw = null;
        if (selected.HasFlag(BenchScenario.Hangfire))
        {
            Progress($"3. raw Hangfire.PostgreSql: {RawJobs} no-op jobs");
            raw = await RawHangfireScenario.RunAsync(connectionString, arguments.Concurrency, RawJobs, ct);
        }

        CrossProcessResult? crossProcess = null;
        if (selected.HasFlag(BenchScenario.CrossProcess))
        {
            Progress("4. cross-process handoff: this process on q1, a child worker process on q2");
            crossProcess = await CrossProcessScenario.RunAsync(connectionString, dags, arguments.Concurrency, ct);
        }

        ProfileResult? profile = null;
        if (selected.HasFlag(BenchScenario.Profile))
        {
            Progress("5. profile: store calls per task and single-operation latency");
            profile = await ProfileScenario.RunAsync(connectionString, dags, arguments.Concurrency, cpu, ct);
        }

        DagLoadingResult? loading = null;
        if (selected.HasFlag(BenchScenario.Loading))
        {
            Progress($"6. DAG loading: {DagLoadingScenario.Files} generated DAG files");
            loading = await DagLoadingScenario.RunAsync(ct);
        }

        QualityResult? quality = null;
        if (selected.HasFlag(BenchScenario.Quality))
        {
            Progress($"7. quality: checks on {QualityScenario.Rows:N0} rows, observability overhead per try");
            quality = await QualityScenario.RunAsync(connectionString, ct);
        }

        UiRenderResult? ui = null;
        if (selected.HasFlag(BenchScenario.Ui))
        {
            Progress($"8. UI server render: {UiDataSeed.DagCount} DAGs, {UiDataSeed.RunCount} runs");
            // A database of its own: seeded in bulk, it must not meet the runs the earlier scenarios left.
            ui = await UiRenderScenario.RunAsync(await postgres.CreateMetadataDatabaseAsync("bench_ui", ct), ct);
        }

        CatchupResult? catchup = null;
        if (selected.HasFlag(BenchScenario.Catchup))
        {
            Progress($"10. catchup: {CatchupDag.Days} daily runs of a 4-task DAG created by the scheduler");
            catchup = await CatchupScenario.RunAsync(postgres, arguments.Concurrency, ct);
        }

        LogLatencyResult? logs = null;
        if (selected.HasFlag(BenchScenario.Logs))
        {
            Progress($"11. log latency: a task logging {LogLatencyDag.Lines} lines, its try's log tailed from the store");
            logs = await LogLatencyScenario.RunAsync(postgres, arguments.Concurrency, ct);
        }

        StandaloneMemoryResult? memory = null;
        if (selected.HasFlag(BenchScenario.Memory))
        {
            Progress($"9. memory: the dataengineer executable in standalone mode on {StandaloneMemoryScenario.Dags} DAG files, cold start and restart, idle");
            memory = await StandaloneMemoryScenario.RunAsync(postgres, ct);
        }

        IReadOnlyList<ScalingResult>? scaling = null;
        if (selected.HasFlag(BenchScenario.Scaling))
        {
            Progress("11. scaling: fan-outs 1→100/2,000/10,000→1, chains of 100 and 1,000");
            scaling = await ScalingScenario.RunAsync(postgres, arguments.Concurrency, ct);
        }

        IdleTransactionsResult? idle = null;
        if (selected.HasFlag(BenchScenario.Idle))
        {
            Progress($"12. idle: the dataengineer executable in standalone mode on the example DAGs, transactions over {IdleTransactionsScenario.Window.TotalSeconds:0} s");
            idle = await IdleTransactionsScenario.RunAsync(postgres, ct);
        }

        Progress("stopping PostgreSQL");
        return new BenchResults
        {
            StartedAt = startedAt,
            Elapsed = elapsed.Elapsed,
            Concurrency = arguments.Concurrency,
            Machine = machine,
            LoadAverageAtStart = cpuAtStart.LoadAverage,
            Cpu = cpu.Sample().Since(cpuAtStart),
            Handoff = handoff,
            Throughput = throughput,
            RawHangfire = raw,
            CrossProcess = crossProcess,
            Profile = profile,
            Loading = loading,
            Quality = quality,
            UiRender = ui,
            StandaloneMemory = memory,
            Catchup = catchup,
            LogLatency = logs,
            Scaling = scaling,
            Idle = idle,
        };
    }

    // Passes of the AIP-15 shapes until one compiles for less than QuietJit, at most WarmUpPasses.
    private static async Task WarmUpThroughputAsync(EngineProcess engine, BenchDagSet dags, CpuMeter cpu, CancellationToken ct)
    {
        for (var pass = 1; pass <= WarmUpPasses; pass++)
        {
            var jit = (await ThroughputScenario.RunAsync(engine, dags, cpu, ct)).Aggregate(TimeSpan.Zero, (sum, shape) => sum + shape.Jit);
            Progress($"   warm-up pass {pass}: the JIT compiled for {jit.TotalMilliseconds:0} ms");
            if (jit < QuietJit)
            {
                return;
            }
        }
    }

    private static void Progress(string message) => Console.Error.WriteLine($"[bench] {message}");
}
