namespace DataEngineer.Core.Storage;

/// <summary>One scheduler's ear for queued runs (<see cref="IQueuedRunSignal"/>).</summary>
public interface IQueuedRunListener : IAsyncDisposable
{
    /// <summary>
    /// Waits until a run has been queued since the previous wait returned, or <paramref name="timeout"/> passes. Runs
    /// queued while nobody waited are heard by the next wait, so none is missed. True when a run was queued. Writes that
    /// queued runs in separate transactions may each wake a wait: a wake-up says "look", not how many runs to start.
    /// </summary>
    /// <exception cref="Exception">The store could not be reached: listen again.</exception>
    Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct = default);
}
