using System.Collections.Concurrent;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Telemetry;
using DataEngineer.Core.Validation;
using Microsoft.Extensions.Logging;

namespace DataEngineer.Core.Execution;

/// <summary>
/// Runs task tries on this process. A try is claimed from the store's queued tasks when the queue wakes this worker
/// (<see cref="DrainQueueAsync"/>) or when one of its slots has nothing else to do, or is picked up here directly: when
/// a try ends, the downstream tasks it made ready are claimed and run by this worker while it has free slots and serves
/// their queue (no queue round trip, which is where the handoff latency is won); the rest are queued for any worker. Running tries
/// heartbeat so a dead worker's tries are found and retried; a try that no longer owns its task (a person
/// cancelled or marked the run) is cancelled at its next heartbeat.
/// </summary>
public sealed class TaskWorker : IAsyncDisposable
{
    private readonly IRunStore _runs;
    private readonly ITaskLogStore _logs;
    private readonly ITryTraceStore _traces;
    private readonly IDagRegistry _dags;
    private readonly TimeProvider _time;
    private readonly WorkerOptions _options;
    private readonly ILogger _logger;
    private readonly TryPipeline _tries;
    private readonly TaskQueuer _queuer;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentDictionary<TaskTryKey, CancellationTokenSource> _running = new();

    // Running tries whose code has returned and whose end is being recorded: a heartbeat that finds one no longer running
    // in the store has raced its own end (or a person's decision, which the end's record then finds): nothing to cancel.
    private readonly ConcurrentDictionary<TaskTryKey, byte> _ending = new();
    private readonly ConcurrentDictionary<Task, byte> _local = new();
    private readonly CancellationTokenSource _stopping = new();
    private int _disposed;

    /// <summary>
    /// A worker whose tries run through <paramref name="tries"/>, the pipeline the host composed (without one, the standard
    /// pipeline with no try-end filters, composed over <paramref name="store"/>: the reason it takes the whole store). The
    /// worker itself claims, decides and heartbeats through <see cref="IRunStore"/> and stores a try's tail through
    /// <see cref="ITaskLogStore"/> and <see cref="ITryTraceStore"/>.
    /// </summary>
    public TaskWorker(IMetadataStore store, ITaskDispatcher dispatcher, IDagRegistry dags, TimeProvider time, WorkerOptions options, TaskRuntimeOptions runtime, ILogger<TaskWorker> logger,
        TryPipeline? tries = null)
    {
        _tries = tries ?? TryPipeline.Standard(store, time, runtime, dags, logger);
        _runs = store;
        _logs = store;
        _traces = store;
        _dags = dags;
        _time = time;
        _options = options;
        _logger = logger;
        _queuer = new TaskQueuer(store, dispatcher, time);
        _slots = new SemaphoreSlim(options.Concurrency, options.Concurrency);
    }

    /// <summary>The tries running on this worker now.</summary>
    public IReadOnlyCollection<TaskTryKey> RunningTries => _running.Keys.ToList();

    /// <summary>
    /// Claims queued tasks of <paramref name="queue"/> into this worker's free slots, until none is left or no slot is
    /// free, and runs each in its slot with the local work it leads to; returns when that work is done or handed on. A
    /// worker with no free slot claims nothing here: its tries take queued tasks of its queues as they end. Cancelling
    /// <paramref name="ct"/> stops the claiming and the waiting, not the tries started.
    /// </summary>
    public async Task DrainQueueAsync(string queue, CancellationToken ct)
    {
        var started = await ClaimIntoFreeSlotsAsync(queue, ct);

        // The wake-up's carrier stops waiting when it shuts down (Hangfire's server stops before this worker does, and
        // would otherwise wait for tries that only the worker's own stop cancels); the tries go on until then.
        try
        {
            await Task.WhenAll(started).WaitAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Claims queued tasks of <paramref name="queue"/> into this worker's free slots, as <see cref="DrainQueueAsync"/>
    /// does, and returns once they are started: the tries run on, and this worker waits for them when it stops.
    /// </summary>
    public async Task WakeAsync(string queue, CancellationToken ct) => await ClaimIntoFreeSlotsAsync(queue, ct);

    private async Task<List<Task>> ClaimIntoFreeSlotsAsync(string queue, CancellationToken ct)
    {
        var started = new List<Task>();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _stopping.Token);
        // A claim that saw no other task queued ends the drain without another claim to find nothing: a task queued after
        // it is announced again (its NOTIFY, or the dispatcher's wake-up).
        var more = true;
        while (more && !linked.IsCancellationRequested && _slots.Wait(0, CancellationToken.None))
        {
            ClaimedTry? claim;
            try
            {
                (claim, more) = await ClaimQueuedAsync([queue], linked.Token);
            }
            catch
            {
                _slots.Release();
                throw;
            }

            if (claim is null)
            {
                _slots.Release();
                break;
            }

            started.Add(Track(() => RunFromAsync(claim, _stopping.Token), claim.Run.Key, claim.Task.TaskId, _stopping.Token));
        }

        return started;
    }

    /// <summary>Heartbeats the running tries until cancelled, and cancels those the store says no longer run.</summary>
    public async Task HeartbeatAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(_options.HeartbeatInterval, _time);
        while (await timer.WaitForNextTickAsync(ct))
        {
            var tries = RunningTries;
            if (tries.Count == 0)
            {
                continue;
            }

            foreach (var stopped in await _runs.HeartbeatAsync(tries, _time.GetUtcNow(), ct))
            {
                if (!_ending.ContainsKey(stopped) && _running.TryGetValue(stopped, out var cancel))
                {
                    _logger.LogWarning("Try {Try} no longer owns its task (a person cancelled or marked it); cancelling it", stopped);
                    try
                    {
                        await cancel.CancelAsync();
                    }
                    catch (ObjectDisposedException)
                    {
                        // The try ended meanwhile: nothing left to cancel.
                    }
                }
            }
        }
    }

    /// <summary>Cancels running tries (they end as failed, retried if they may be) and waits for them to be recorded.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        await Task.WhenAll(_local.Keys);

        // _slots and _stopping stay undisposed: a Hangfire job still inside DrainQueueAsync when the
        // worker stops releases its slot afterwards, and neither holds an unmanaged resource here.
    }

    private async Task ClaimAndRunAsync(RunKey key, string taskId, CancellationToken ct) => await RunFromAsync(await ClaimAsync(key, taskId, ct), ct);

    // Each try hands its slot to the next ready task (one it made ready, or another of its run), so a chain or a
    // fan-out runs in the slots it has without the queue and with at most one transaction per task. When its run has nothing
    // more for the slot, the slot takes the next queued task of this worker's queues, of any run.
    private async Task RunFromAsync(ClaimedTry? claim, CancellationToken ct)
    {
        while (claim is not null)
        {
            claim = await RunClaimedAsync(claim.Graph, claim.Run, claim.Task, ct);
            if (claim is null && !ct.IsCancellationRequested)
            {
                (claim, _) = await ClaimQueuedAsync(_options.Queues, ct);
            }
        }
    }

    /// <summary>Runs a claimed try and records its end; returns the try this slot goes on with, if any.</summary>
    private async Task<ClaimedTry?> RunClaimedAsync(DagGraph graph, DagRun run, TaskInstance task, CancellationToken ct)
    {
        Func<Task<ClaimedTry?>> next;
        using (var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            // The try heartbeats until its end is recorded (through a database outage too), and not a moment longer.
            _running[task.TryKey] = cancel;
            try
            {
                var outcome = await _tries.InvokeAsync(graph, run, task, cancel.Token);
                _ending[task.TryKey] = 0;
                next = await CompleteAsync(graph, run.Key, task, outcome, ct);
            }
            finally
            {
                _running.TryRemove(task.TryKey, out _);
                _ending.TryRemove(task.TryKey, out _);
            }
        }

        return await next();
    }

    // The per-task path: the try's end decides its neighbours and claims the next task in one transaction
    // (NeighbourProgression); what needs the whole run (a branch, a cascading skip, the run's tail) takes the run's lock.
    // Returns what comes after the recorded end: the slot's next try, found once the try no longer heartbeats.
    private async Task<Func<Task<ClaimedTry?>>> CompleteAsync(DagGraph graph, RunKey key, TaskInstance task, TaskTryOutcome outcome, CancellationToken ct)
    {
        // The end of the DAG's only sink (a chain's last task, a fan-out's join) is most often the end of its run: recorded
        // on the whole-run path, which settles the run in the same transaction, instead of a step and then the settling.
        if (graph.Leaves is [var sink] && sink == task.TaskId)
        {
            return await CompleteWholeRunAsync(graph, key, task, outcome, ct);
        }

        var handOff = !ct.IsCancellationRequested;
        var spare = handOff ? new SpareRequest(task.Pool, _options.Queues) : null;
        var scope = NeighbourProgression.ScopeOf(graph, task, outcome, spare, _time.GetUtcNow());
        RunChanges? decided = null;
        var after = await TransientRetry.RunAsync(
            () => _runs.UpdateScopeAsync(key, scope, s => decided = NeighbourProgression.CompleteInScope(
                graph, scope, s, task.TaskId, task.TryNumber, outcome, handOff ? _options.Hostname : null, _time.GetUtcNow()), CancellationToken.None),
            _time, _logger, $"the end of try {task.TryNumber} of {task.TaskId} in {key}");
        if (after is null || decided is null)
        {
            return await CompleteWholeRunAsync(graph, key, task, outcome, ct);
        }

        // A try cancelled by a person was recorded by their action; its late report changes nothing and tells no one.
        if (!decided.IsEmpty)
        {
            TellTryEnded(graph, new RunSnapshot(after.Run, after.Tasks), task.TaskId, task.TryNumber);
        }
        else
        {
            await StoreRefusedTailAsync(outcome);
        }

        return async () =>
        {
            var mine = decided.Tasks.FirstOrDefault(t => t.State == TaskInstanceState.Running && t.TaskId != task.TaskId) is { } claimed
                ? after.Tasks.GetValueOrDefault(claimed.TaskId) ?? after.Spare
                : null;
            await StartOrQueueAsync(graph, key, decided.Tasks.Where(t => t.State == TaskInstanceState.Scheduled).OrderByDescending(t => t.PriorityWeight), leaveForSlots: true, ct);

            // Settling only follows a step that claimed nothing, so this slot is free for what the settling makes ready.
            if (NeighbourProgression.NeedsSettling(after, decided))
            {
                return await SettleAsync(graph, key, ct);
            }

            return mine is null ? null : new ClaimedTry(graph, after.Run, mine);
        };
    }

    // The whole-run path for a try's end, as before the per-task path: Complete under the run's lock.
    private async Task<Func<Task<ClaimedTry?>>> CompleteWholeRunAsync(DagGraph graph, RunKey key, TaskInstance task, TaskTryOutcome outcome, CancellationToken ct)
    {
        var recorded = false;
        var after = await TransientRetry.RunAsync(
            () => _runs.UpdateRunAsync(key, s =>
            {
                var changes = RunProgression.Complete(graph, s, task.TaskId, task.TryNumber, outcome, _time.GetUtcNow());
                recorded = !changes.IsEmpty;
                return changes;
            }, CancellationToken.None),
            _time, _logger, $"the end of try {task.TryNumber} of {task.TaskId} in {key}");
        if (after.Run.State.IsFinished() && after.Tasks[task.TaskId].EndedAt == after.Run.EndedAt)
        {
            EngineTelemetry.RunFinished(after.Run);
            _logger.RunFinished(after.Run.Key, StateNames.Of(after.Run.State));
        }

        if (recorded)
        {
            TellTryEnded(graph, after, task.TaskId, task.TryNumber);
        }
        else
        {
            await StoreRefusedTailAsync(outcome);
        }

        return () => ContinueWithAsync(graph, after, ct);
    }

    // The run's tail: re-decided as a whole, which ends it when nothing is left or schedules a wide join that became ready.
    private async Task<ClaimedTry?> SettleAsync(DagGraph graph, RunKey key, CancellationToken ct)
    {
        DagRun? finished = null;
        var settled = await _runs.UpdateRunAsync(key, s =>
        {
            var changes = RunProgression.Advance(graph, s, _time.GetUtcNow());
            finished = changes.Run is { } run && run.State.IsFinished() && !s.Run.State.IsFinished() ? run : null;
            return changes;
        }, CancellationToken.None);
        if (finished is not null)
        {
            EngineTelemetry.RunFinished(settled.Run);
            _logger.RunFinished(settled.Run.Key, StateNames.Of(settled.Run.State));
        }

        return await ContinueWithAsync(graph, settled, ct);
    }

    private async Task<ClaimedTry?> ContinueWithAsync(DagGraph graph, RunSnapshot snapshot, CancellationToken ct) =>
        await ContinueAsync(graph, snapshot, ct) is { } next ? await ClaimAsync(snapshot.Run.Key, next, ct) : null;

    // The run says which DAG version it runs: its try runs that version's code or not at all. A version
    // this worker has not loaded yet (another process saw the file first) gets one rescan of the sources.
    private async Task<ClaimedTry?> ClaimAsync(RunKey key, string taskId, CancellationToken ct)
    {
        var latest = _dags.Find(key.DagId);
        var pool = latest?.Tasks.GetValueOrDefault(taskId)?.Settings.Pool ?? TaskSettings.DefaultPool;
        var maxActiveTasks = latest?.Options.MaxActiveTasks;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            DagGraph? graph = null;
            string? version = null;
            var claimed = false;
            var scope = new TaskScope([taskId], []) { LimitsOfPool = pool, MaxActiveTasks = maxActiveTasks };
            var snapshot = await _runs.UpdateScopeAsync(key, scope, s =>
            {
                version = s.Run.DagVersion;
                graph = _dags.Find(key.DagId, version);
                claimed = false;
                if (graph?.Tasks.GetValueOrDefault(taskId) is not { } node || node.Settings.Pool != pool
                    || graph.Options.MaxActiveTasks != maxActiveTasks || !s.Tasks.ContainsKey(taskId))
                {
                    return RunChanges.None;
                }

                var changes = RunProgression.Claim(graph, s.AsRunSnapshot(), taskId, s.Occupancy!, _options.Hostname, _time.GetUtcNow());
                claimed = !changes.IsEmpty;
                return changes;
            }, ct);
            if (claimed && snapshot is not null)
            {
                return new ClaimedTry(graph!, snapshot.Run, snapshot.Tasks[taskId]);
            }

            // The store holds the limits of the version the run uses: claim again with those.
            if (graph?.Tasks.GetValueOrDefault(taskId) is { } versioned && (versioned.Settings.Pool != pool || graph.Options.MaxActiveTasks != maxActiveTasks))
            {
                pool = versioned.Settings.Pool;
                maxActiveTasks = graph.Options.MaxActiveTasks;
                continue;
            }

            if (graph is not null)
            {
                return null;
            }

            if (attempt == 0)
            {
                await _dags.RefreshAsync(ct);
                continue;
            }

            // Never run other code than the run's: the task stays queued for a worker that has this version.
            _logger.LogWarning("Task {Task} of run {Run} needs version {Version} of DAG {Dag}, which this worker has not loaded; leaving it queued",
                taskId, key, version, key.DagId);
            return null;
        }

        return null;
    }

    // The claim of a queued task, of any run, on one of the queues, and whether others were queued beside it. The run says
    // which DAG version it runs: a version this worker has not loaded yet (another process saw the file first) gets one
    // rescan of the sources, and otherwise the task stays queued for a worker that has it.
    private async Task<(ClaimedTry? Claim, bool More)> ClaimQueuedAsync(IReadOnlyCollection<string> queues, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            DagGraph? graph = null;
            TaskInstance? queued = null;
            var more = false;
            var snapshot = await _runs.ClaimQueuedAsync(queues, s =>
            {
                queued = s.Tasks.Values.Single();
                more = s.OthersWaiting;
                graph = _dags.Find(queued.DagId, s.Run.DagVersion);
                return graph?.Tasks.ContainsKey(queued.TaskId) == true
                    ? RunProgression.Claim(s.AsRunSnapshot(), queued.TaskId, _options.Hostname, _time.GetUtcNow())
                    : null;
            }, ct);
            if (queued is null)
            {
                return (null, false);
            }

            if (snapshot is not null)
            {
                // No change (its run stopped running meanwhile) claims nothing, and ends this drain rather than meeting it again.
                var task = snapshot.Tasks[queued.TaskId];
                return (task.State == TaskInstanceState.Running && task.TryNumber > queued.TryNumber ? new ClaimedTry(graph!, snapshot.Run, task) : null, more);
            }

            if (attempt == 0)
            {
                await _dags.RefreshAsync(ct);
                continue;
            }

            _logger.LogWarning("Task {Task} of run {Run} needs a version of DAG {Dag} this worker has not loaded; leaving it queued", queued.TaskId, queued.Run, queued.DagId);
        }

        return (null, false);
    }

    // Tasks made ready: a free slot here takes each it may; the others go to the queue, woken once for all of them.
    // With leaveForSlots, one of this worker's queues with no free slot is left scheduled for a finishing try of its run
    // to take over.
    private async Task StartOrQueueAsync(DagGraph graph, RunKey key, IEnumerable<TaskInstance> ready, bool leaveForSlots, CancellationToken ct)
    {
        var toQueue = new List<string>();
        foreach (var task in ready)
        {
            var served = _options.Queues.Contains(task.Queue);
            if (!ct.IsCancellationRequested && served && _slots.Wait(0, CancellationToken.None))
            {
                StartLocal(key, task.TaskId, ct);
            }
            else if (!served || !leaveForSlots)
            {
                toQueue.Add(task.TaskId);
            }
        }

        if (toQueue.Count > 0)
        {
            await _queuer.QueueAsync(graph, key, toQueue, ct.IsCancellationRequested ? CancellationToken.None : ct);
        }
    }

    private async Task<string?> ContinueAsync(DagGraph graph, RunSnapshot snapshot, CancellationToken ct)
    {
        if (snapshot.Run.State != DagRunState.Running)
        {
            return null;
        }

        // The finishing try's slot goes on with the first ready task it may run; more ready tasks take
        // free slots or go to the queue, but no more than the DAG's MaxActiveTasks leaves room for:
        // trying more would only open locked transactions that must refuse.
        var active = snapshot.Tasks.Values.Count(t => t.State is TaskInstanceState.Queued or TaskInstanceState.Running);
        var ready = snapshot.Tasks.Values.Where(t => t.State == TaskInstanceState.Scheduled)
            .OrderByDescending(t => t.PriorityWeight).ThenBy(t => t.TaskId, StringComparer.Ordinal)
            .Take(Math.Max(0, graph.Options.MaxActiveTasks - active)).ToList();
        var mine = ct.IsCancellationRequested ? null : ready.FirstOrDefault(t => _options.Queues.Contains(t.Queue));
        await StartOrQueueAsync(graph, snapshot.Run.Key, ready.Where(t => t != mine), leaveForSlots: false, ct);
        return mine?.TaskId;
    }

    // Callbacks, alerts, the failure log: the filters return at once and work in the background; nothing of theirs fails the task.
    private void TellTryEnded(DagGraph graph, RunSnapshot after, string taskId, int tryNumber) =>
        _tries.TryEnded(new TryEnd(graph, after, taskId, tryNumber, TryEndedBy.Runner));

    // A try whose end was refused (it no longer owned its task) keeps its log all the same.
    private async Task StoreRefusedTailAsync(TaskTryOutcome outcome)
    {
        if (outcome.Tail is { IsEmpty: false } tail)
        {
            await TransientRetry.RunAsync(async () =>
            {
                await tail.StoreAsync(_logs, _traces, CancellationToken.None);
                return true;
            }, _time, _logger, $"the log of try {tail.Try.TryNumber} of {tail.Try.TaskId} in {tail.Try.Run}");
        }
    }

    private void StartLocal(RunKey key, string taskId, CancellationToken ct) => Track(() => ClaimAndRunAsync(key, taskId, ct), key, taskId, ct);

    // Runs work on a slot already taken, releasing it at the end; the returned task never fails.
    private Task Track(Func<Task> run, RunKey key, string taskId, CancellationToken ct)
    {
        var work = Task.Run(async () =>
        {
            try
            {
                await run();
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Shutting down before the claim: the task stays scheduled for the scheduler to queue.
            }
            catch (Exception e)
            {
                _logger.LogError(e, "Running task {Task} of run {Run} locally failed; the scheduler will queue it again", taskId, key);
            }
            finally
            {
                _slots.Release();
            }
        }, CancellationToken.None);
        _local[work] = 0;
        work.ContinueWith(done => _local.TryRemove(done, out _), TaskScheduler.Default);
        return work;
    }
}
