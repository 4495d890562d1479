using DataEngineer.Core.Execution;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;

namespace DataEngineer.Bench.Infrastructure;

/// <summary>Triggers manual runs the way <c>dataengineer dags trigger</c> does, and waits for them to finish.</summary>
public static class BenchRuns
{
    // Generous: a run that has not finished by then is reported as unfinished, not waited on forever.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    // Often enough to notice the end promptly, rarely enough not to load the database being measured.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public static async Task<IReadOnlyList<RunKey>> TriggerAsync(IRunStore store, IEnumerable<DagGraph> dags, CancellationToken ct)
    {
        var keys = new List<RunKey>();
        foreach (var graph in dags)
        {
            var run = await ManualRuns.TriggerAsync(store, graph, confJson: null, date: null, TimeProvider.System, ct);
            keys.Add(run.Key);
        }

        return keys;
    }

    /// <summary>Waits until every run has finished (or the timeout passes) and returns the runs as stored.</summary>
    public static async Task<IReadOnlyList<RunSnapshot>> WaitAsync(IRunQueries store, IReadOnlyList<RunKey> keys, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + Timeout;
        var pending = new HashSet<RunKey>(keys);
        while (pending.Count > 0 && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(PollInterval, ct);
            var active = (await store.ListActiveRunsAsync(ct: ct)).Select(r => r.Key).ToHashSet();
            pending.IntersectWith(active);
        }

        var runs = new List<RunSnapshot>();
        foreach (var key in keys)
        {
            runs.Add(await store.GetRunAsync(key, ct) ?? throw new InvalidOperationException($"Run {key} vanished."));
        }

        return runs;
    }

    /// <summary>Whether every run finished successfully; otherwise a line saying how many did not.</summary>
    public static string? Problems(IReadOnlyList<RunSnapshot> runs)
    {
        var unfinished = runs.Count(r => !r.Run.State.IsFinished());
        var failed = runs.Count(r => r.Run.State == DagRunState.Failed);
        return unfinished == 0 && failed == 0
            ? null
            : $"{unfinished} of {runs.Count} runs did not finish within {Timeout.TotalSeconds:0} s and {failed} failed";
    }
}
