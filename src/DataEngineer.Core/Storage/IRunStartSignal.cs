namespace DataEngineer.Core.Storage;

/// <summary>
/// Tells a scheduler the moment runs may be startable, whichever process wrote them: a run was queued (a trigger, a
/// backfill, a dataset event, a clear that reopened it), or a run ended and freed its DAG's run slot (for a queued run
/// or the next run of a catchup backlog). The scheduler then starts them at once instead of at its next tick.
/// </summary>
public interface IRunStartSignal
{
    /// <summary>Starts listening; what happens from now on is heard by the listener until it is disposed.</summary>
    Task<IRunStartListener> ListenAsync(CancellationToken ct = default);
}
