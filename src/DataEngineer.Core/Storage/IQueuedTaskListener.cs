namespace DataEngineer.Core.Storage;

/// <summary>One worker's ear for queued tasks (<see cref="IQueuedTaskSignal"/>).</summary>
public interface IQueuedTaskListener : IAsyncDisposable
{
    /// <summary>
    /// Waits until tasks of the listened queues have been queued since the previous wait returned, or
    /// <paramref name="timeout"/> passes, and returns those queues (empty when none). Tasks queued while nobody waited are
    /// heard by the next wait. A queue says "look", not how many tasks wait on it.
    /// </summary>
    /// <exception cref="Exception">The store could not be reached: listen again.</exception>
    Task<IReadOnlySet<string>> WaitAsync(TimeSpan timeout, CancellationToken ct = default);
}
