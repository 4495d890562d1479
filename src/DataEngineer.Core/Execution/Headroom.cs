using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;

namespace DataEngineer.Core.Execution;

/// <summary>
/// A tick's estimate of free slots per DAG and pool, from the task instances it already read, so
/// the scheduler does not open a locked transaction for every scheduled task while a DAG or pool is
/// full (a wide run has many). Only a pre-filter: the queueing transaction still checks under lock.
/// </summary>
internal sealed class Headroom
{
    private readonly Dictionary<string, int> _activeByDag = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _activeByPool = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _slots;

    public Headroom(IEnumerable<TaskInstance> pending, IEnumerable<Pool> pools)
    {
        _slots = pools.ToDictionary(p => p.Name, p => p.Slots, StringComparer.Ordinal);
        foreach (var task in pending.Where(t => t.State is TaskInstanceState.Queued or TaskInstanceState.Running))
        {
            Take(task);
        }
    }

    /// <summary>Whether the task's DAG and pool look like they have a free slot; if so the slot is counted as taken.</summary>
    public bool Allows(DagGraph graph, TaskInstance task)
    {
        var dagFull = _activeByDag.GetValueOrDefault(task.DagId) >= graph.Options.MaxActiveTasks;
        var poolFull = _activeByPool.GetValueOrDefault(task.Pool) >= _slots.GetValueOrDefault(task.Pool, Pool.DefaultSlots);
        if (dagFull || poolFull)
        {
            return false;
        }

        Take(task);
        return true;
    }

    private void Take(TaskInstance task)
    {
        _activeByDag[task.DagId] = _activeByDag.GetValueOrDefault(task.DagId) + 1;
        _activeByPool[task.Pool] = _activeByPool.GetValueOrDefault(task.Pool) + 1;
    }
}
