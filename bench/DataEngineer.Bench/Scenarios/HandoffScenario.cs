using DataEngineer.Bench.Dags;
using DataEngineer.Bench.Infrastructure;
using DataEngineer.Bench.Reporting;

namespace DataEngineer.Bench.Scenarios;

/// <summary>Runs the 200-task no-op chain on one engine process: the handoff gaps as its tasks' code saw them, and as its stored tries show them.</summary>
public static class HandoffScenario
{
    public static async Task<HandoffResult> RunAsync(EngineProcess engine, BenchDagSet dags, CancellationToken ct)
    {
        var run = (await BenchRuns.TriggerAsync(engine.Store, [dags.HandoffChain], ct))[0];
        var runs = await BenchRuns.WaitAsync(engine.Store, [run], ct);
        if (BenchRuns.Problems(runs) is { } problem)
        {
            throw new InvalidOperationException($"Handoff chain: {problem}.");
        }

        var chain = await Handoffs.ReadAsync(engine.Store, run, BenchDagSet.HandoffChainLength, ct);
        var taskIds = Enumerable.Range(0, BenchDagSet.HandoffChainLength).Select(LinearChainDag.TaskId).ToList();
        return new HandoffResult(BenchDagSet.HandoffChainLength, Distribution.Of(BodyClock.Gaps(run.RunId, taskIds)), Distribution.Of(chain.Gaps),
            Distribution.Of(chain.TryDurations), chain.Span);
    }
}
