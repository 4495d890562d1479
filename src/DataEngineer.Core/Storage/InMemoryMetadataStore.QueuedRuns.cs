using DataEngineer.Core.States;

namespace DataEngineer.Core.Storage;

public sealed partial class InMemoryMetadataStore
{
    private readonly List<InMemoryQueuedRunListener> _listeners = [];

    public Task<IQueuedRunListener> ListenAsync(CancellationToken ct = default)
    {
        lock (_lock)
        {
            var listener = new InMemoryQueuedRunListener(Stop);
            _listeners.Add(listener);
            return Task.FromResult<IQueuedRunListener>(listener);
        }
    }

    private void Stop(InMemoryQueuedRunListener listener)
    {
        lock (_lock)
        {
            _listeners.Remove(listener);
        }
    }

    // Under the store's lock, after the write: a run that became queued is heard by every listener, except a scheduled
    // run just created (the scheduler that creates one starts it itself), as the PostgreSQL store does.
    private void HearIfQueued(DagRun? before, DagRun after)
    {
        if (after.State != DagRunState.Queued || before?.State == DagRunState.Queued || (before is null && after.Type == DagRunType.Scheduled))
        {
            return;
        }

        foreach (var listener in _listeners)
        {
            listener.Hear();
        }
    }
}
