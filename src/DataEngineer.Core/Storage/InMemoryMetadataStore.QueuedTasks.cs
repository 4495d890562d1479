using DataEngineer.Core.States;

namespace DataEngineer.Core.Storage;

public sealed partial class InMemoryMetadataStore
{
    private readonly List<InMemoryQueuedTaskListener> _taskListeners = [];

    public Task<IQueuedTaskListener> ListenForTasksAsync(IReadOnlySet<string> queues, CancellationToken ct = default)
    {
        lock (_lock)
        {
            var listener = new InMemoryQueuedTaskListener(queues.ToHashSet(StringComparer.Ordinal), StopListening);
            _taskListeners.Add(listener);
            return Task.FromResult<IQueuedTaskListener>(listener);
        }
    }

    private void StopListening(InMemoryQueuedTaskListener listener)
    {
        lock (_lock)
        {
            _taskListeners.Remove(listener);
        }
    }

    // Under the store's lock, after the write: a task that became queued is heard by the listeners of its queue, as the
    // PostgreSQL store's commit announces it.
    private void HearIfQueued(TaskInstance? before, TaskInstance after)
    {
        if (after.State != TaskInstanceState.Queued || before?.State == TaskInstanceState.Queued)
        {
            return;
        }

        foreach (var listener in _taskListeners)
        {
            listener.Hear(after.Queue);
        }
    }
}
