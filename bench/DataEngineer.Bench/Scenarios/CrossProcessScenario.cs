using DataEngineer.Bench.Dags;
using DataEngineer.Bench.Infrastructure;
using DataEngineer.Bench.Reporting;
using DataEngineer.Core.Execution;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;

namespace DataEngineer.Bench.Scenarios;

/// <summary>
/// Two worker processes: this one (with the scheduler) serves q1, a child process serves q2, and the chain
/// alternates q1/q2, so every handoff goes through the queue from one process to the other (the store's NOTIFY, Hangfire behind it).
/// </summary>
public static class CrossProcessScenario
{
    public static async Task<CrossProcessResult> RunAsync(string connectionString, BenchDagSet dags, int concurrency, CancellationToken ct)
    {
        var worker = new WorkerOptions { Queues = new HashSet<string> { BenchDagSet.LocalQueue }, Concurrency = concurrency };
        await using var engine = await EngineProcess.StartAsync(connectionString, dags.Registry, worker, scheduler: true, ct);
        await using var child = await ChildWorker.StartAsync(connectionString, BenchDagSet.RemoteQueue, concurrency, ct);

        // Both processes JIT their paths and open their connections on a short chain first.
        await RunChainAsync(engine, dags.CrossProcessWarmup, ct);
        var run = await RunChainAsync(engine, dags.CrossProcessChain, ct);
        var chain = await Handoffs.ReadAsync(engine.Store, run, BenchDagSet.CrossProcessChainLength, ct);
        var crossing = chain.Hosts.Zip(chain.Hosts.Skip(1)).Count(p => p.First != p.Second);
        return new CrossProcessResult(BenchDagSet.CrossProcessChainLength, crossing, Distribution.Of(chain.Gaps), chain.Span);
    }

    private static async Task<RunKey> RunChainAsync(EngineProcess engine, DagGraph dag, CancellationToken ct)
    {
        var run = (await BenchRuns.TriggerAsync(engine.Store, [dag], ct))[0];
        if (BenchRuns.Problems(await BenchRuns.WaitAsync(engine.Store, [run], ct)) is { } problem)
        {
            throw new InvalidOperationException($"Cross-process chain {dag.DagId}: {problem}.");
        }

        return run;
    }
}
