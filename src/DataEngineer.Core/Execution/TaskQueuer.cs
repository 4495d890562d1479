using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;

namespace DataEngineer.Core.Execution;

/// <summary>
/// Moves scheduled tasks to queued (if their limits allow) and wakes the workers of their queues, once for all the
/// tasks of a call: the queue carries wake-ups, the store the tasks (<see cref="ITaskDispatcher"/>).
/// </summary>
public sealed class TaskQueuer(IRunStore store, ITaskDispatcher dispatcher, TimeProvider time)
{
    /// <returns>How many of the tasks were queued; a task not scheduled any more, or whose limits are full, is not.</returns>
    public async Task<int> QueueAsync(DagGraph graph, RunKey key, IEnumerable<string> taskIds, CancellationToken ct)
    {
        var queued = await MarkQueuedAsync(graph, key, taskIds, ct);

        // If waking fails the tasks stay queued; the scheduler wakes the queues of queued tasks that never started.
        if (queued.Count > 0)
        {
            await dispatcher.DispatchAsync(queued, ct);
        }

        return queued.Count;
    }

    /// <summary>Moves scheduled tasks of a run to queued, in the order given, without waking anyone: the caller dispatches them with others.</summary>
    /// <returns>The tasks queued.</returns>
    public async Task<List<TaskInstance>> MarkQueuedAsync(DagGraph graph, RunKey key, IEnumerable<string> taskIds, CancellationToken ct)
    {
        var queued = new List<TaskInstance>();
        foreach (var taskId in taskIds)
        {
            if (await MarkQueuedAsync(graph, key, taskId, ct) is { } task)
            {
                queued.Add(task);
            }
        }

        return queued;
    }

    /// <summary>Moves one scheduled task to queued without waking anyone: the caller dispatches it with others.</summary>
    /// <returns>The queued task; null when it was not scheduled any more or its limits are full.</returns>
    public async Task<TaskInstance?> MarkQueuedAsync(DagGraph graph, RunKey key, string taskId, CancellationToken ct)
    {
        var queued = false;
        var scope = new TaskScope([taskId], []) { LimitsOfPool = graph.Tasks[taskId].Settings.Pool, MaxActiveTasks = graph.Options.MaxActiveTasks };
        var after = await store.UpdateScopeAsync(key, scope, scoped =>
        {
            var changes = scoped.Tasks.ContainsKey(taskId)
                ? RunProgression.Queue(graph, scoped.AsRunSnapshot(), taskId, scoped.Occupancy!, time.GetUtcNow())
                : RunChanges.None;
            queued = !changes.IsEmpty;
            return changes;
        }, ct);
        return queued && after is not null ? after.Tasks[taskId] : null;
    }
}
