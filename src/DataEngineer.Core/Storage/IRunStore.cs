using DataEngineer.Core.States;

namespace DataEngineer.Core.Storage;

/// <summary>
/// The engine's write path for runs, task instances and tries: creating runs, the scheduler's and workers' claims and
/// decisions, heartbeats, and the scheduler's in-flight read it takes under the same contract. The reads people make
/// (the UI, REST API, CLI and MCP) are the read model, <see cref="IRunQueries"/>. Every change to a run's task states goes through
/// <see cref="UpdateRunAsync"/> or <see cref="UpdateRunWithOccupancyAsync"/> (the whole run, locked: the run row and
/// every task instance) or <see cref="UpdateScopeAsync"/> (a task's neighbourhood, locked task by task): the store reads
/// under the locks, lets the engine decide, and writes the decision atomically, so two workers finishing tasks of one
/// run at once cannot both decide the same downstream task.
/// </summary>
public interface IRunStore
{
    /// <summary>Creates the run and its task instances.</summary>
    /// <exception cref="DuplicateRunException">The DAG already has a run for that logical date or run id.</exception>
    Task CreateRunAsync(DagRun run, IReadOnlyList<TaskInstance> tasks, CancellationToken ct = default);

    /// <summary>
    /// Creates several runs with their task instances (none of them started yet, as <c>DagRunFactory</c> makes them) in
    /// one transaction: a catchup's batch. A run whose DAG already has its run id or logical date is skipped (another
    /// scheduler created it), never an error. Returns the runs created, in the order given. The scheduler that creates
    /// the batch starts its runs, so they are not announced to <see cref="IQueuedRunSignal"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A task instance has already started a try.</exception>
    Task<IReadOnlyList<DagRun>> CreateRunsAsync(IReadOnlyList<(DagRun Run, IReadOnlyList<TaskInstance> Tasks)> runs, CancellationToken ct = default);

    /// <summary>
    /// Reads the run under its lock, applies <paramref name="decide"/>'s changes atomically, and
    /// returns the run as written. Each changed task instance that has started a try also updates
    /// that try's record. <paramref name="decide"/> must be pure: it may be called again on retry.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No such run.</exception>
    Task<RunSnapshot> UpdateRunAsync(RunKey key, Func<RunSnapshot, RunChanges> decide, CancellationToken ct = default);

    /// <summary>
    /// As <see cref="UpdateRunAsync"/>, but also reads how full the DAG's limits (and <paramref name="limits"/>' pool's)
    /// are, without a lock, and holds <paramref name="limits"/> against the write itself: a write that grows an
    /// occupancy beyond its limit is undone and <paramref name="decide"/> called again with that limit full
    /// (<see cref="SlotGuard"/>), so limit checks in <paramref name="decide"/> hold even when several processes race.
    /// </summary>
    Task<RunSnapshot> UpdateRunWithOccupancyAsync(RunKey key, ClaimLimits limits, Func<RunSnapshot, Occupancy, RunChanges> decide, CancellationToken ct = default);

    /// <summary>
    /// The per-task path: updates part of a run without the run's lock. Locks <paramref name="scope"/>'s locked task
    /// instances (in task id order), then reads its other task instances, the run, whether any other task of the run is
    /// waiting (scheduled, queued or up for retry) and the scope's spare; applies <paramref name="decide"/>'s changes
    /// (task instances of the scope, their tries, dataset events and XCom; never the run) atomically. When
    /// <paramref name="decide"/> returns null nothing is written and null is returned: the step needs
    /// <see cref="UpdateRunAsync"/>. <paramref name="decide"/> must be pure: it may be called again on retry. A store
    /// may write an update that holds no limit and that <paramref name="ct"/> cannot cancel in one transaction with others
    /// of its kind (the PostgreSQL store's group commit): only with updates of other runs, or of the same run whose
    /// scopes share no task instance, so each decision still reads what it would read alone; a decision that throws
    /// fails its own update only.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No such run.</exception>
    Task<ScopedSnapshot?> UpdateScopeAsync(RunKey key, TaskScope scope, Func<ScopedSnapshot, RunChanges?> decide, CancellationToken ct = default);

    /// <summary>
    /// A worker's claim of queued work: locks the queued task instance on one of <paramref name="queues"/>, of any run,
    /// with the highest priority weight (the longest queued first among equals), skipping those another claim holds;
    /// reads its run and applies <paramref name="decide"/>'s changes as <see cref="UpdateScopeAsync"/> does, the scope
    /// being that one task. Null when no queued task is free, or when <paramref name="decide"/> returns null (nothing is
    /// written then). <paramref name="decide"/> must be pure: it may be called again on retry. The snapshot's
    /// <see cref="ScopedSnapshot.OthersWaiting"/> says whether another task of <paramref name="queues"/>, of any run, was
    /// queued when this one was locked (one another claim holds counts too), so a drain can stop without a claim that finds nothing.
    /// </summary>
    Task<ScopedSnapshot?> ClaimQueuedAsync(IReadOnlyCollection<string> queues, Func<ScopedSnapshot, RunChanges?> decide, CancellationToken ct = default);

    /// <summary>
    /// Of <paramref name="tasks"/>, those still queued now, as stored: the queued tasks no worker has claimed yet
    /// (<see cref="Execution.UnclaimedTaskWakeUps"/>). Tasks gone with their run are not returned.
    /// </summary>
    Task<IReadOnlyList<TaskInstance>> ListStillQueuedAsync(IReadOnlyCollection<TaskInstance> tasks, CancellationToken ct = default);

    /// <summary>
    /// <see cref="IRunQueries.ListActiveRunsAsync"/> and <see cref="IRunQueries.ListTaskInstancesAsync"/> in one round trip: a scheduler's
    /// tick, which an idle engine makes every second.
    /// </summary>
    Task<InFlight> ListInFlightAsync(IReadOnlyCollection<TaskInstanceState> states, int limit, CancellationToken ct = default);

    /// <summary>
    /// Marks tries as alive. A try that no longer runs (finished, cancelled or marked by a person, or replaced by a newer
    /// try) is left alone and returned, so its worker stops it.
    /// </summary>
    Task<IReadOnlyList<TaskTryKey>> HeartbeatAsync(IReadOnlyCollection<TaskTryKey> tries, DateTimeOffset at, CancellationToken ct = default);
}
