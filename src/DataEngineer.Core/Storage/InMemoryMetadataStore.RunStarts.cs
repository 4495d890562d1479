using DataEngineer.Core.States;

namespace DataEngineer.Core.Storage;

public sealed partial class InMemoryMetadataStore
{
    private readonly List<InMemoryRunStartListener> _listeners = [];

    public Task<IRunStartListener> ListenAsync(CancellationToken ct = default)
    {
        lock (_lock)
        {
            var listener = new InMemoryRunStartListener(Stop);
            _listeners.Add(listener);
            return Task.FromResult<IRunStartListener>(listener);
        }
    }

    private void Stop(InMemoryRunStartListener listener)
    {
        lock (_lock)
        {
            _listeners.Remove(listener);
        }
    }

    // Under the store's lock, after the write: a run that became queued, or that ended, is heard by every listener.
    private void HearRunStart(DagRun? before, DagRun after)
    {
        var queued = after.State == DagRunState.Queued && before?.State != DagRunState.Queued;
        var ended = before is { State: DagRunState.Queued or DagRunState.Running } && after.State.IsFinished();
        if (!queued && !ended)
        {
            return;
        }

        foreach (var listener in _listeners)
        {
            listener.Hear();
        }
    }
}
