namespace DataEngineer.Core.Storage;

/// <summary>A task listener of <see cref="InMemoryMetadataStore"/>: the queues heard since the last wait, one pending signal for all.</summary>
internal sealed class InMemoryQueuedTaskListener(IReadOnlySet<string> queues, Action<InMemoryQueuedTaskListener> stop) : IQueuedTaskListener
{
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _queued = new(0, 1);
    private HashSet<string> _heard = new(StringComparer.Ordinal);

    /// <summary>Called by the store, under its lock, when a task was queued on <paramref name="queue"/>.</summary>
    public void Hear(string queue)
    {
        if (!queues.Contains(queue))
        {
            return;
        }

        lock (_gate)
        {
            _heard.Add(queue);
            if (_queued.CurrentCount == 0)
            {
                _queued.Release();
            }
        }
    }

    public async Task<IReadOnlySet<string>> WaitAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        if (!await _queued.WaitAsync(timeout, ct))
        {
            return new HashSet<string>();
        }

        lock (_gate)
        {
            var heard = _heard;
            _heard = new HashSet<string>(StringComparer.Ordinal);
            return heard;
        }
    }

    public ValueTask DisposeAsync()
    {
        stop(this);
        _queued.Dispose();
        return ValueTask.CompletedTask;
    }
}
