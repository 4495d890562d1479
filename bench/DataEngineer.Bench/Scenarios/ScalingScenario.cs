using System.Diagnostics;
using DataEngineer.Bench.Dags;
using DataEngineer.Bench.Infrastructure;
using DataEngineer.Core.Execution;
using DataEngineer.Core.States;
using DataEngineer.Core.Validation;
using DataEngineer.Sdk;

namespace DataEngineer.Bench.Scenarios;

/// <summary>
/// Cost per task against run size: one run each of fan-outs 1→100→1, 1→2,000→1 and 1→10,000→1 and chains of 100 and
/// 1,000 no-op tasks, on an engine (scheduler + worker, as in the other scenarios) with a metadata database of its own.
/// For each: tasks/s and time per task (trigger to the run's end), the database's transactions (<see
/// cref="DatabaseActivity"/>) and this process's database commands (<see cref="StatementCounter"/>) per task, and the
/// process's peak resident memory while the run ran. Smallest first: a run still going at <see cref="Limit"/> is reported
/// as unfinished with what it had done, and the larger shapes are skipped.
/// </summary>
public static class ScalingScenario
{
    public static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long the transactions are counted on after a run ends: PostgreSQL flushes an idle backend's statistics up to
    /// 10 s late (a busy one's at most once a second), so a count read at the run's end misses its last transactions
    /// and the next run's count would get them.
    /// </summary>
    public static readonly TimeSpan StatisticsSettle = TimeSpan.FromSeconds(11);

    public static IReadOnlyList<ScalingShape> Shapes { get; } =
    [
        Shape("fan-out 1→100→1", new FanOutDag("bench_fanout_100", 100)),
        Shape("chain 100", new LinearChainDag("bench_scaling_chain_100", 100)),
        Shape("chain 1,000", new LinearChainDag("bench_scaling_chain_1000", 1_000)),
        Shape("fan-out 1→2,000→1", new FanOutDag("bench_fanout_2000", 2_000)),
        Shape("fan-out 1→10,000→1", new FanOutDag("bench_fanout_10000", 10_000)),
    ];

    public static async Task<IReadOnlyList<ScalingResult>> RunAsync(ThrowawayPostgres postgres, int concurrency, CancellationToken ct)
    {
        var connection = await postgres.CreateMetadataDatabaseAsync("bench_scaling", ct);
        var warmup = DagValidator.Validate(new LinearChainDag("bench_scaling_warmup", 20).Build());
        await using var engine = await EngineProcess.StartAsync(connection, new StaticDagRegistry([warmup, .. Shapes.Select(s => s.Dag)]), new WorkerOptions { Concurrency = concurrency }, scheduler: true, ct);
        await BenchRuns.WaitAsync(engine.Store, await BenchRuns.TriggerAsync(engine.Store, [warmup], ct), ct);
        await Task.Delay(StatisticsSettle, ct);
        using var commands = new StatementCounter();
        var results = new List<ScalingResult>();
        foreach (var shape in Shapes)
        {
            Console.Error.WriteLine($"[bench]    {shape.Name}");
            var result = await RunShapeAsync(engine, connection, commands, shape, ct);
            results.Add(result);
            if (!result.Finished)
            {
                // Still running: the bigger shapes after it would share the engine with it and measure nothing clean.
                Console.Error.WriteLine($"[bench]    {shape.Name} unfinished after {Limit.TotalMinutes} min; the larger shapes are skipped");
                break;
            }
        }

        return results;
    }

    private static async Task<ScalingResult> RunShapeAsync(EngineProcess engine, string connection, StatementCounter commands, ScalingShape shape, CancellationToken ct)
    {
        var before = await DatabaseActivity.ReadAsync(connection, ct);
        var commandsBefore = commands.Count;
        var peakRss = 0.0;
        var clock = Stopwatch.StartNew();
        var key = (await BenchRuns.TriggerAsync(engine.Store, [shape.Dag], ct))[0];
        var finished = false;
        while (clock.Elapsed < Limit)
        {
            await Task.Delay(PollInterval, ct);
            peakRss = Math.Max(peakRss, ProcessMemory.Read(Environment.ProcessId).RssMb);
            if (!(await engine.Store.ListActiveRunsAsync(ct: ct)).Any(r => r.Key == key))
            {
                finished = true;
                break;
            }
        }

        var elapsed = clock.Elapsed;
        var commandCount = commands.Count - commandsBefore;
        await Task.Delay(StatisticsSettle, ct);
        var transactions = (await DatabaseActivity.ReadAsync(connection, ct)).TransactionsSince(before);
        var snapshot = await engine.Store.GetRunAsync(key, ct) ?? throw new InvalidOperationException($"Run {key} vanished.");
        if (finished && snapshot.Run is { StartedAt: not null, EndedAt: { } ended })
        {
            // Trigger to the run's recorded end, not to the poll that noticed it.
            elapsed = ended - snapshot.Run.CreatedAt;
        }

        var succeeded = snapshot.Tasks.Values.Count(t => t.State == TaskInstanceState.Success);
        return new ScalingResult(shape.Name, shape.Dag.Tasks.Count, succeeded, finished, elapsed, transactions, commandCount, peakRss);
    }

    private static ScalingShape Shape(string name, Dag dag) => new(name, DagValidator.Validate(dag.Build()));
}
