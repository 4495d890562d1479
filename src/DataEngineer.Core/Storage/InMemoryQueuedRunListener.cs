namespace DataEngineer.Core.Storage;

/// <summary>A listener of <see cref="InMemoryMetadataStore"/>: one pending signal, however many runs were queued.</summary>
internal sealed class InMemoryQueuedRunListener(Action<InMemoryQueuedRunListener> stop) : IQueuedRunListener
{
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _queued = new(0, 1);

    /// <summary>Called by the store, under its lock, when a run was queued.</summary>
    public void Hear()
    {
        lock (_gate)
        {
            if (_queued.CurrentCount == 0)
            {
                _queued.Release();
            }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct = default) => _queued.WaitAsync(timeout, ct);

    public ValueTask DisposeAsync()
    {
        stop(this);
        _queued.Dispose();
        return ValueTask.CompletedTask;
    }
}
