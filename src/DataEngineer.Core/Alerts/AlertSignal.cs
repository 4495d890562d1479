namespace DataEngineer.Core.Alerts;

/// <summary>
/// Wakes this process's alert delivery as soon as its outbox records an alert to send, so delivery polls the store
/// only now and then (for alerts other processes recorded and for retries that came due).
/// </summary>
public sealed class AlertSignal : IDisposable
{
    private readonly SemaphoreSlim _raised = new(0, 1);
    private readonly Lock _gate = new();

    public void Raise()
    {
        lock (_gate)
        {
            if (_raised.CurrentCount == 0)
            {
                _raised.Release();
            }
        }
    }

    public void Dispose() => _raised.Dispose();

    /// <summary>Waits until <see cref="Raise"/> is called or <paramref name="timeout"/> has passed.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct) => await _raised.WaitAsync(timeout, ct);
}
