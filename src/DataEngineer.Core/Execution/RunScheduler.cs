using System.Collections.Concurrent;
using DataEngineer.Core.Catalog;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Telemetry;
using DataEngineer.Core.Validation;
using DataEngineer.Sdk;
using Microsoft.Extensions.Logging;

namespace DataEngineer.Core.Execution;

/// <summary>
/// The scheduler's decisions: create the runs whose data intervals have closed (bounded by
/// MaxActiveRuns, with catchup), start queued runs, queue ready tasks, promote due retries and sensor pokes,
/// re-queue tasks whose queue message was lost, fail tries whose worker died, and settle runs left running
/// with nothing in flight (whatever stranded them: counted and logged). Every step is
/// idempotent under the store's locks, so any number of schedulers can run it at once. The filters of the try pipeline
/// hear the try ends a scheduler records: a reaped try's, an approval's timeout.
/// </summary>
public sealed class RunScheduler(IRunStore runs, IRunQueries queries, IDagStore dagStore, IDagCodeStore dagCode, IPoolStore pools, IAuditLog audit, IDatasetCatalogStore catalog, ITaskDispatcher dispatcher, IDagRegistry dags, TimeProvider time, SchedulerOptions options, ILogger<RunScheduler> logger,
    TryPipeline? tries = null)
{
    private static readonly TaskInstanceState[] Pending =
    [
        TaskInstanceState.Scheduled, TaskInstanceState.UpForRetry, TaskInstanceState.Queued, TaskInstanceState.Running,
        TaskInstanceState.UpForReschedule, TaskInstanceState.AwaitingInput,
    ];

    /// <summary>The most runs one pass creates for a DAG (its MaxActiveRuns bounds it too).</summary>
    public const int MaxRunsPerBatch = 64;

    // The most runs and pending task instances a tick reads.
    private const int ActiveRunsRead = 10_000;

    // How many runs a catch-up pass starts at once.
    private const int StartsAtOnce = 8;

    private readonly TaskQueuer _queuer = new(runs, dispatcher, time);

    // The runs the previous sweep found running with nothing in flight (SettleStrandedAsync).
    private HashSet<RunKey> _idleAtLastSweep = [];
    private readonly DatasetCatalogSync _catalog = new(catalog, logger);

    /// <summary>
    /// Records the loaded DAGs in the store (new ones paused or not per the options) with their
    /// versions, marks DAGs no source defines any more inactive, and replaces the import errors and the
    /// dataset catalog and lineage (<see cref="DatasetCatalogSync"/>).
    /// </summary>
    public async Task SyncDagsAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var loaded = dags.Dags.ToList();
        foreach (var graph in loaded)
        {
            await dagStore.SyncDagAsync(DagRecords.Of(graph, now), options.DagsArePausedAtCreation, ct);
            var structure = DagStructures.Of(graph, dags.Sources.GetValueOrDefault(graph.DagId, graph.DagId));
            if ((dags as IDagCodeSource)?.CodeOf(graph.DagId, graph.Version) is { } code)
            {
                await dagCode.RecordVersionWithCodeAsync(structure, code, now, ct);
            }
            else
            {
                await dagStore.RecordVersionAsync(structure, now, ct);
            }
        }

        await dagStore.DeactivateMissingAsync(loaded.Select(g => g.DagId).ToList(), ct);
        await dagStore.ReplaceImportErrorsAsync(dags.Errors, ct);
        await _catalog.SyncAsync(loaded, ct);
    }

    /// <summary>
    /// Creates the scheduled runs of <paramref name="graph"/> whose intervals have closed, as many as MaxActiveRuns
    /// leaves room for (at most <see cref="MaxRunsPerBatch"/>), oldest first, in one write; says how many and whether
    /// more closed intervals wait.
    /// </summary>
    public async Task<DueRuns> CreateDueRunsAsync(DagGraph graph, CancellationToken ct)
    {
        var (created, waiting) = await CreateDueAsync(graph, ct);
        return new DueRuns(created.Count, waiting);
    }

    /// <summary>
    /// The sweep over every DAG: <see cref="CreateDueRunsAsync"/> for each one not paused, with one read of the DAGs'
    /// records for all of them (an idle scheduler's cost). Returns the DAGs whose closed intervals wait for a run slot.
    /// </summary>
    public async Task<IReadOnlyList<string>> SweepDueRunsAsync(IEnumerable<DagGraph> graphs, CancellationToken ct)
    {
        var unpaused = (await dagStore.ListDagsAsync(ct)).Where(d => !d.IsPaused).Select(d => d.DagId).ToHashSet(StringComparer.Ordinal);
        var backlogged = new List<string>();
        foreach (var graph in graphs.Where(g => unpaused.Contains(g.DagId)))
        {
            if ((await CreateDueRunsAsync(graph, ct)).Waiting)
            {
                backlogged.Add(graph.DagId);
            }
        }

        return backlogged;
    }

    /// <summary>
    /// Works off a catchup backlog without waiting for the next tick: creates the runs that freed slots leave room for
    /// and starts them at once. Returns whether more closed intervals still wait for a slot.
    /// </summary>
    public async Task<bool> CatchUpAsync(DagGraph graph, CancellationToken ct)
    {
        var (created, waiting) = await CreateDueAsync(graph, ct);

        // Just created by this scheduler for a DAG it found unpaused: started oldest first, without another look at the DAG,
        // several at once, since each start and queueing is a round trip that mostly waits for a commit (MaxActiveRuns is
        // still held by each start's claim). The queues of the tasks the starts queued are woken once, at the end: one
        // wake-up stands for the first tasks of many runs.
        var wake = new ConcurrentQueue<TaskInstance>();
        await Parallel.ForEachAsync(created, new ParallelOptions { MaxDegreeOfParallelism = StartsAtOnce, CancellationToken = ct }, async (run, token) =>
        {
            foreach (var queued in await StartAsync(graph, run.Key, token))
            {
                wake.Enqueue(queued);
            }
        });

        // If waking fails the tasks stay queued; the tick wakes the queues of queued tasks that never started.
        if (!wake.IsEmpty)
        {
            await dispatcher.DispatchAsync(wake.ToList(), ct);
        }

        return waiting;
    }

    /// <summary>One pass over everything in flight.</summary>
    public async Task TickAsync(CancellationToken ct)
    {
        var (active, pending) = await runs.ListInFlightAsync(Pending, ActiveRunsRead, ct);
        await StartQueuedRunsAsync(active, ct);
        var now = time.GetUtcNow();
        var room = new Headroom(pending, pending.Count == 0 ? [] : await pools.ListPoolsAsync(ct));
        var versions = active.ToDictionary(r => r.Key, r => r.DagVersion);
        await SettleStrandedAsync(active, pending, ct);

        // When slots are scarce, higher priority weight goes first; older runs first among equals. A run
        // moves on with the DAG version it started with; one this scheduler has not loaded waits for one that has.
        // The queues of the tasks the tick queued (or found queued too long) are woken once, at the end.
        var wake = new List<TaskInstance>();
        foreach (var task in pending.OrderByDescending(t => t.PriorityWeight))
        {
            var graph = versions.TryGetValue(task.Run, out var version) ? dags.Find(task.DagId, version) : null;
            if (graph is null || (task.State == TaskInstanceState.Scheduled && !room.Allows(graph, task)))
            {
                continue;
            }

            try
            {
                await HandleAsync(graph, task, now, wake, ct);
            }
            catch (KeyNotFoundException)
            {
                // The run was deleted meanwhile.
            }
        }

        if (wake.Count > 0)
        {
            await dispatcher.DispatchAsync(wake, ct);
        }
    }

    /// <summary>
    /// Settles runs marked running with no task scheduled, queued, running or up for retry: re-decided under the
    /// run's lock (ready tasks scheduled, or the run's state taken from its tasks). A healthy engine never leaves
    /// one, so each is a bug worked around, and is logged and counted (<c>dataengineer.scheduler.stranded_runs</c>).
    /// A run is settled when two sweeps in a row find it so: a run's last step (unless it ends the DAG's only sink) commits its task's end and then settles
    /// the run in a transaction of its own, and a sweep reading between the two would take that healthy run for a
    /// stranded one.
    /// </summary>
    /// <returns>How many runs the sweep changed.</returns>
    public async Task<int> SettleStrandedAsync(IReadOnlyList<DagRun> active, IReadOnlyList<TaskInstance> pending, CancellationToken ct)
    {
        var inFlight = pending.Select(t => t.Run).ToHashSet();
        var idle = active.Where(r => r.State == DagRunState.Running && !inFlight.Contains(r.Key)).ToList();
        var idleBefore = _idleAtLastSweep;
        _idleAtLastSweep = idle.Select(r => r.Key).ToHashSet();
        var settled = 0;
        foreach (var run in idle.Where(r => idleBefore.Contains(r.Key)))
        {
            if (dags.Find(run.DagId, run.DagVersion) is not { } graph)
            {
                continue;
            }

            var changed = false;
            var after = await runs.UpdateRunAsync(run.Key, s =>
            {
                changed = false;
                if (s.Run.State != DagRunState.Running || s.Tasks.Values.Any(t => Pending.Contains(t.State)))
                {
                    return RunChanges.None;
                }

                var changes = RunProgression.Advance(graph, s, time.GetUtcNow());
                changed = !changes.IsEmpty;
                return changes;
            }, ct);
            if (!changed)
            {
                continue;
            }

            settled++;
            EngineTelemetry.StrandedRunSettled(after.Run);
            logger.StrandedRunSettled(run.Key, StateNames.Of(after.Run.State), after.Tasks.Values.Count(t => t.State == TaskInstanceState.Scheduled));
            await QueueScheduledAsync(graph, after, ct);
        }

        return settled;
    }

    // A catchup's runs are created in batches: one statement for up to this many runs (bounded by MaxActiveRuns too),
    // so a scheduler's pass stays short however long the backlog. A restart resumes after the latest run created.
    private async Task<(IReadOnlyList<DagRun> Created, bool Waiting)> CreateDueAsync(DagGraph graph, CancellationToken ct)
    {
        var record = await dagStore.GetDagAsync(graph.DagId, ct);
        if (record is null || record.IsPaused)
        {
            return ([], false);
        }

        var now = time.GetUtcNow();
        var last = (await queries.LatestRunAsync(graph.DagId, DagRunType.Scheduled, ct))?.DataInterval;
        var active = (await queries.ListRunsAsync(graph.DagId, DagRunState.Queued, graph.Options.MaxActiveRuns, ct)).Count
                     + (await queries.ListRunsAsync(graph.DagId, DagRunState.Running, graph.Options.MaxActiveRuns, ct)).Count;
        var room = Math.Min(graph.Options.MaxActiveRuns - active, MaxRunsPerBatch);
        var batch = new List<(DagRun Run, IReadOnlyList<TaskInstance> Tasks)>();
        while (batch.Count < room && graph.Timetable.NextInterval(last, now, graph.Options.Catchup) is { } next && next.End <= now)
        {
            batch.Add(DagRunFactory.Create(graph, DagRunType.Scheduled, next, RunConf.Empty, now));
            last = next;
        }

        // Runs another scheduler created meanwhile are skipped: the unique (dag, logical date) key makes creation idempotent.
        var created = await runs.CreateRunsAsync(batch, ct);
        foreach (var run in created)
        {
            EngineTelemetry.RunCreated(run, run.DataInterval.End, now);
            logger.RunCreated(run.Key, run.DataInterval.ToString());
        }

        var waiting = graph.Timetable.NextInterval(last, now, graph.Options.Catchup) is { } due && due.End <= now;
        return (created, waiting);
    }

    // Starts the queued runs of unpaused DAGs (each DAG's pause state read once); the queues of the tasks they queued are
    // woken per full batch of tasks and once at the end: many runs triggered at once cost one wake-up per batch, not one each.
    /// <summary>
    /// Starts the queued runs, without the rest of a tick: what the scheduler does the moment it hears a run was queued
    /// (<see cref="IQueuedRunSignal"/>).
    /// </summary>
    public async Task StartQueuedRunsAsync(CancellationToken ct) =>
        await StartQueuedRunsAsync(await queries.ListActiveRunsAsync(ActiveRunsRead, ct), ct);

    private async Task StartQueuedRunsAsync(IReadOnlyList<DagRun> active, CancellationToken ct)
    {
        var paused = new Dictionary<string, bool>(StringComparer.Ordinal);
        var wake = new List<TaskInstance>();
        foreach (var run in active.Where(r => r.State == DagRunState.Queued))
        {
            if (dags.Find(run.DagId, run.DagVersion) is not { } graph)
            {
                continue;
            }

            if (!paused.TryGetValue(run.DagId, out var isPaused))
            {
                isPaused = paused[run.DagId] = (await dagStore.GetDagAsync(run.DagId, ct))?.IsPaused == true;
            }

            if (isPaused)
            {
                continue;
            }

            wake.AddRange(await StartAsync(graph, run.Key, ct));
            if (wake.Count >= ITaskDispatcher.TasksPerWakeUp)
            {
                // A full wake-up's worth goes out at once: the first runs need not wait for the last to start.
                await dispatcher.DispatchAsync(wake, ct);
                wake = [];
            }
        }

        // If waking fails the tasks stay queued; a later tick wakes the queues of queued tasks that never started.
        if (wake.Count > 0)
        {
            await dispatcher.DispatchAsync(wake, ct);
        }
    }

    private async Task HandleAsync(DagGraph graph, TaskInstance task, DateTimeOffset now, List<TaskInstance> wake, CancellationToken ct)
    {
        switch (task.State)
        {
            case TaskInstanceState.Scheduled:
                if (await _queuer.MarkQueuedAsync(graph, task.Run, task.TaskId, ct) is { } queued)
                {
                    wake.Add(queued);
                }

                break;
            case TaskInstanceState.UpForRetry or TaskInstanceState.UpForReschedule when task.NextTryAt <= now:
                var promoted = await runs.UpdateRunAsync(task.Run, s => RunProgression.Advance(graph, s, time.GetUtcNow()), ct);
                await QueueScheduledAsync(graph, promoted, ct);
                break;
            case TaskInstanceState.AwaitingInput when task.NextTryAt <= now:
                await TimeOutApprovalAsync(graph, task, ct);
                break;
            case TaskInstanceState.Queued when task.QueuedAt < now - options.RequeueAfter:
                logger.TaskRequeued(task.TaskId, task.Run, task.QueuedAt);
                wake.Add(task);
                break;
            case TaskInstanceState.Running when task.HeartbeatAt < now - options.ZombieTimeout:
                await ReapAsync(graph, task, ct);
                break;
        }
    }

    // An approval nobody decided in time: its default outcome, audited as decided by "timeout".
    private async Task TimeOutApprovalAsync(DagGraph graph, TaskInstance task, CancellationToken ct)
    {
        var decided = false;
        var after = await runs.UpdateRunAsync(task.Run, s =>
        {
            var changes = Approvals.TimeOut(graph, s, task.TaskId, time.GetUtcNow());
            decided = !changes.IsEmpty;
            return changes;
        }, ct);
        if (decided)
        {
            var outcome = after.Tasks[task.TaskId];
            logger.LogInformation("Approval {Task} of run {Run} timed out: {State}", task.TaskId, task.Run, StateNames.Of(outcome.State));
            await audit.AppendAuditAsync(new AuditEntry(time.GetUtcNow(), "timeout", "task.approval.timeout", $"{task.Run}/{task.TaskId}",
                $"default={StateNames.Of(outcome.State)} try={task.TryNumber}"), ct);
            // Its try ended: callbacks and alerts as for a worker's try (a default rejection with FailOnReject is a failure).
            tries?.TryEnded(new TryEnd(graph, after, task.TaskId, task.TryNumber, TryEndedBy.Decision));

            await QueueScheduledAsync(graph, after, ct);
        }
    }

    private async Task ReapAsync(DagGraph graph, TaskInstance task, CancellationToken ct)
    {
        var error = $"The worker {task.Hostname} stopped heartbeating (last at {task.HeartbeatAt:yyyy-MM-ddTHH:mm:ssZ}); the try was declared dead after {options.ZombieTimeout}.";
        logger.WorkerLost(task.TryNumber, task.TaskId, task.Run, error);
        var reaped = false;
        var after = await runs.UpdateRunAsync(task.Run, s =>
        {
            var changes = RunProgression.Complete(graph, s, task.TaskId, task.TryNumber, TaskTryOutcome.Failed(error), time.GetUtcNow());
            reaped = !changes.IsEmpty;
            return changes;
        }, ct);
        if (reaped)
        {
            // The end filters for the dead try (callbacks, alerts, its telemetry), once: only the scheduler whose update recorded it tells them.
            tries?.TryEnded(new TryEnd(graph, after, task.TaskId, task.TryNumber, TryEndedBy.Reaper));
        }

        await QueueScheduledAsync(graph, after, ct);
    }

    private async Task QueueScheduledAsync(DagGraph graph, RunSnapshot snapshot, CancellationToken ct) =>
        await _queuer.QueueAsync(graph, snapshot.Run.Key, Ready(snapshot), ct);

    // A run's scheduled tasks, highest priority weight first.
    /// <summary>
    /// Starts a queued run (if MaxActiveRuns allows) and queues its first tasks. When the DAG's first tasks share a pool,
    /// the start queues them in its own write, within that pool's slots and MaxActiveTasks (one transaction less per
    /// run); ready tasks of other pools are queued one by one after it, and those of its pool it had no room for wait for
    /// the tick.
    /// </summary>
    /// <returns>The tasks queued, for the caller to wake their queues.</returns>
    private async Task<List<TaskInstance>> StartAsync(DagGraph graph, RunKey key, CancellationToken ct)
    {
        var pool = graph.Tasks.Values.Where(t => t.Upstream.Count == 0).Select(t => t.Settings.Pool).Distinct(StringComparer.Ordinal).ToList() is [var only] ? only : null;
        var limits = new ClaimLimits(pool, graph.Options.MaxActiveRuns, pool is null ? null : graph.Options.MaxActiveTasks);
        var after = await runs.UpdateRunWithOccupancyAsync(key, limits, (s, occupancy) => RunProgression.Start(graph, s, occupancy, time.GetUtcNow(), pool), ct);
        var queued = after.Run.State == DagRunState.Running ? after.Tasks.Values.Where(t => t.State == TaskInstanceState.Queued).ToList() : [];
        var others = Ready(after).Where(id => pool is null || after.Tasks[id].Pool != pool);
        queued.AddRange(await _queuer.MarkQueuedAsync(graph, key, others, ct));
        return queued;
    }

    private static IEnumerable<string> Ready(RunSnapshot snapshot) =>
        snapshot.Tasks.Values.Where(t => t.State == TaskInstanceState.Scheduled).OrderByDescending(t => t.PriorityWeight).Select(t => t.TaskId);
}
