using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;

namespace DataEngineer.Core.Execution;

/// <summary>
/// Which task instances of a run a clear touches (Airflow's clear dialog): <see cref="TaskIds"/> (every task when
/// empty), only those that failed or are upstream_failed when <see cref="OnlyFailed"/> (restart from failure), and
/// with every task upstream and/or downstream of them.
/// </summary>
public sealed record ClearOptions
{
    public IReadOnlyCollection<string> TaskIds { get; init; } = [];

    public bool OnlyFailed { get; init; }

    public bool Upstream { get; init; }

    public bool Downstream { get; init; }

    /// <summary>The task ids these options select in <paramref name="graph"/> for a run whose tasks are <paramref name="states"/>.</summary>
    public IReadOnlyCollection<string> Select(DagGraph graph, IReadOnlyDictionary<string, TaskInstance> states)
    {
        var start = (TaskIds.Count > 0 ? TaskIds : states.Keys).Where(graph.Tasks.ContainsKey);
        if (OnlyFailed)
        {
            start = start.Where(t => states.TryGetValue(t, out var ti) && ti.State is TaskInstanceState.Failed or TaskInstanceState.UpstreamFailed);
        }

        var selected = new HashSet<string>(start, StringComparer.Ordinal);
        var seeds = selected.ToList();
        if (Upstream)
        {
            Walk(seeds, id => graph.Tasks[id].Upstream, selected);
        }

        if (Downstream)
        {
            Walk(seeds, id => graph.Tasks[id].Downstream, selected);
        }

        return selected;
    }

    private static void Walk(IEnumerable<string> seeds, Func<string, IEnumerable<string>> next, HashSet<string> selected)
    {
        var pending = new Stack<string>(seeds);
        while (pending.TryPop(out var id))
        {
            foreach (var other in next(id).Where(selected.Add))
            {
                pending.Push(other);
            }
        }
    }
}
