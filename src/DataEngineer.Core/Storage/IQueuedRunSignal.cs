namespace DataEngineer.Core.Storage;

/// <summary>
/// Tells a scheduler the moment a run is queued by any process (a trigger, a backfill, a dataset event, a cleared run),
/// so it starts the run then rather than at its next tick. A scheduled run, or a catchup's batch
/// (<see cref="IRunStore.CreateRunsAsync"/>), is not announced when it is created: the scheduler that creates it (a cron
/// fire, a catchup pass, a tick) starts it itself.
/// </summary>
public interface IQueuedRunSignal
{
    /// <summary>Starts listening; runs queued from now on are heard by the listener until it is disposed.</summary>
    Task<IQueuedRunListener> ListenAsync(CancellationToken ct = default);
}
