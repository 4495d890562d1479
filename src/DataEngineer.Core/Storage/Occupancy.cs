namespace DataEngineer.Core.Storage;

/// <summary>
/// How full the limits around a run are, read under the DAG's (and pool's) lock: running runs of the
/// DAG, queued or running tries of the DAG across its runs, queued or running tries in the pool, and
/// the pool's slots.
/// </summary>
public sealed record Occupancy(int RunningRunsOfDag, int ActiveTasksOfDag, int ActiveTasksInPool, int PoolSlots);
