namespace DataEngineer.Core.Storage;

/// <summary>
/// How full the limits around a run are: running runs of the DAG, queued or running tries of the DAG across its
/// runs, queued or running tries in the pool, and the pool's slots. Read without a lock; the store holds the limits
/// against its write (<see cref="SlotGuard"/>).
/// </summary>
public sealed record Occupancy(int RunningRunsOfDag, int ActiveTasksOfDag, int ActiveTasksInPool, int PoolSlots);
