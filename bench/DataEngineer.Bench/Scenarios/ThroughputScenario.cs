using System.Runtime;
using DataEngineer.Bench.Dags;
using DataEngineer.Bench.Infrastructure;
using DataEngineer.Bench.Reporting;

namespace DataEngineer.Bench.Scenarios;

/// <summary>AIP-15's three shapes, each ~1,000 no-op tasks: trigger every run, time until all have ended.</summary>
public static class ThroughputScenario
{
    // Lets the previous shape's leftover queue messages (duplicates the store turns into no-ops) drain first.
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    public static async Task<IReadOnlyList<ThroughputResult>> RunAsync(EngineProcess engine, BenchDagSet dags, CpuMeter cpu, CancellationToken ct)
    {
        var results = new List<ThroughputResult>();
        foreach (var shape in dags.Shapes)
        {
            await Task.Delay(Settle, ct);
            results.Add(await RunShapeAsync(engine, shape, cpu, ct));
        }

        return results;
    }

    public static async Task<ThroughputResult> RunShapeAsync(EngineProcess engine, ThroughputShape shape, CpuMeter cpu, CancellationToken ct)
    {
        var cpuBefore = cpu.Sample();
        var jitBefore = JitInfo.GetCompilationTime();
        var started = DateTimeOffset.UtcNow;
        var keys = await BenchRuns.TriggerAsync(engine.Store, shape.Dags, ct);
        var runs = await BenchRuns.WaitAsync(engine.Store, keys, ct);
        var cpuUsed = cpu.Sample().Since(cpuBefore);
        var jit = JitInfo.GetCompilationTime() - jitBefore;
        var problem = BenchRuns.Problems(runs);
        var tasks = runs.SelectMany(r => r.Tasks.Values).ToList();
        var lastEnd = runs.All(r => r.Run.EndedAt is not null) ? runs.Max(r => r.Run.EndedAt!.Value) : DateTimeOffset.UtcNow;
        var firstStart = tasks.Min(t => t.StartedAt) ?? lastEnd;
        var queued = tasks.Where(t => t.QueuedAt is not null && t.StartedAt is not null).Select(t => t.StartedAt!.Value - t.QueuedAt!.Value).ToList();
        return new ThroughputResult(shape.Name, runs.Count, shape.TaskCount, lastEnd - started, firstStart - started, problem, cpuUsed, Distribution.Of(queued), jit);
    }
}
