using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;

namespace DataEngineer.Core.Execution;

/// <summary>Moves a scheduled task to queued (if its limits allow) and hands it to the dispatcher.</summary>
public sealed class TaskQueuer(IRunStore store, ITaskDispatcher dispatcher, TimeProvider time)
{
    /// <returns>Whether the task was queued; false when it was not scheduled any more or its limits are full.</returns>
    public async Task<bool> QueueAsync(DagGraph graph, RunKey key, string taskId, CancellationToken ct)
    {
        var queued = false;
        var scope = new TaskScope([taskId], []) { LimitsOfPool = graph.Tasks[taskId].Settings.Pool };
        var after = await store.UpdateScopeAsync(key, scope, scoped =>
        {
            var changes = scoped.Tasks.ContainsKey(taskId)
                ? RunProgression.Queue(graph, scoped.AsRunSnapshot(), taskId, scoped.Occupancy!, time.GetUtcNow())
                : RunChanges.None;
            queued = !changes.IsEmpty;
            return changes;
        }, ct);

        // If dispatching fails the task stays queued; the scheduler re-dispatches queued tasks that never started.
        if (queued && after is not null)
        {
            await dispatcher.DispatchAsync(after.Tasks[taskId], ct);
        }

        return queued;
    }
}
