namespace DataEngineer.Core.Storage;

/// <summary>One scheduler's ear for runs that may be startable (<see cref="IRunStartSignal"/>).</summary>
public interface IRunStartListener : IAsyncDisposable
{
    /// <summary>
    /// Waits until a run has been queued or has ended since the previous wait returned, or <paramref name="timeout"/>
    /// passes; true when one was. What happened while nobody waited is heard by the next wait, so nothing is missed.
    /// Writes in separate transactions may each wake a wait: a wake-up says "look", not what to start.
    /// </summary>
    /// <exception cref="Exception">The store could not be reached: listen again.</exception>
    Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct = default);
}
