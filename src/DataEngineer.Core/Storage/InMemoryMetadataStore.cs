using DataEngineer.Core.Loading;
using DataEngineer.Core.States;

namespace DataEngineer.Core.Storage;

/// <summary>
/// The metadata store in process memory: for <c>dags test</c>, unit tests and the store contract
/// tests. One lock serialises every update, which gives the guarantees PostgreSQL's locks give.
/// </summary>
public sealed partial class InMemoryMetadataStore : IMetadataStore
{
    private static readonly TaskInstanceState[] Active = [TaskInstanceState.Queued, TaskInstanceState.Running];

    private readonly Lock _lock = new();
    private readonly Dictionary<string, DagRecord> _dags = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Pool> _pools = new(StringComparer.Ordinal) { [Pool.DefaultName] = new Pool(Pool.DefaultName, Pool.DefaultSlots) };
    private readonly Dictionary<RunKey, RunSnapshot> _runs = [];
    private readonly Dictionary<(RunKey Run, string TaskId, int Try), TaskTry> _tries = [];
    private readonly Dictionary<(RunKey Run, string TaskId, string Key), XComEntry> _xcom = [];
    private readonly Dictionary<(RunKey Run, string TaskId, int Try), List<TaskLogLine>> _logs = [];
    private readonly Dictionary<(string DagId, string Version), DagStructure> _versions = [];
    private List<DagImportError> _importErrors = [];

    public Task SyncDagAsync(DagRecord dag, bool pausedAtCreation, CancellationToken ct = default)
    {
        lock (_lock)
        {
            _dags[dag.DagId] = dag with { IsPaused = _dags.TryGetValue(dag.DagId, out var known) ? known.IsPaused : pausedAtCreation, IsActive = true };
        }

        return Task.CompletedTask;
    }

    public Task<DagRecord?> GetDagAsync(string dagId, CancellationToken ct = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_dags.GetValueOrDefault(dagId));
        }
    }

    public Task<IReadOnlyList<DagRecord>> ListDagsAsync(CancellationToken ct = default)
    {
        lock (_lock)
        {
            IReadOnlyList<DagRecord> dags = _dags.Values.OrderBy(d => d.DagId, StringComparer.Ordinal).ToList();
            return Task.FromResult(dags);
        }
    }

    public Task<bool> SetPausedAsync(string dagId, bool paused, CancellationToken ct = default)
    {
        lock (_lock)
        {
            if (!_dags.TryGetValue(dagId, out var dag))
            {
                return Task.FromResult(false);
            }

            _dags[dagId] = dag with { IsPaused = paused };
            return Task.FromResult(true);
        }
    }

    public Task DeactivateMissingAsync(IReadOnlyCollection<string> loadedDagIds, CancellationToken ct = default)
    {
        lock (_lock)
        {
            foreach (var dag in _dags.Values.Where(d => !loadedDagIds.Contains(d.DagId)).ToList())
            {
                _dags[dag.DagId] = dag with { IsActive = false };
            }
        }

        return Task.CompletedTask;
    }

    public Task RecordVersionAsync(DagStructure structure, DateTimeOffset seenAt, CancellationToken ct = default)
    {
        lock (_lock)
        {
            _versions.TryAdd((structure.DagId, structure.Version), structure);
        }

        return Task.CompletedTask;
    }

    public Task<DagStructure?> GetVersionAsync(string dagId, string version, CancellationToken ct = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_versions.GetValueOrDefault((dagId, version)));
        }
    }

    public Task ReplaceImportErrorsAsync(IReadOnlyList<DagImportError> errors, CancellationToken ct = default)
    {
        lock (_lock)
        {
            _importErrors = [.. errors];
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<DagImportError>> ListImportErrorsAsync(CancellationToken ct = default)
    {
        lock (_lock)
        {
            IReadOnlyList<DagImportError> errors = [.. _importErrors];
            return Task.FromResult(errors);
        }
    }

    public Task SetPoolAsync(Pool pool, CancellationToken ct = default)
    {
        lock (_lock)
        {
            _pools[pool.Name] = pool;
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<Pool>> ListPoolsAsync(CancellationToken ct = default)
    {
        lock (_lock)
        {
            IReadOnlyList<Pool> pools = _pools.Values.OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
            return Task.FromResult(pools);
        }
    }

    public Task CreateRunAsync(DagRun run, IReadOnlyList<TaskInstance> tasks, CancellationToken ct = default)
    {
        lock (_lock)
        {
            if (_runs.ContainsKey(run.Key))
            {
                throw new DuplicateRunException($"DAG '{run.DagId}' already has a run '{run.RunId}'.");
            }

            if (_runs.Values.Any(r => r.Run.DagId == run.DagId && r.Run.LogicalDate == run.LogicalDate))
            {
                throw new DuplicateRunException($"DAG '{run.DagId}' already has a run for logical date {run.LogicalDate:yyyy-MM-ddTHH:mm:ssZ}.");
            }

            _runs[run.Key] = new RunSnapshot(run, tasks.ToDictionary(t => t.TaskId, StringComparer.Ordinal));
            foreach (var task in tasks)
            {
                RecordTry(run.Key, task);
            }

            HearIfQueued(null, run);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<DagRun>> CreateRunsAsync(IReadOnlyList<(DagRun Run, IReadOnlyList<TaskInstance> Tasks)> runs, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(runs);
        NewRuns.CheckNotStarted(runs);
        var created = new List<DagRun>();
        lock (_lock)
        {
            foreach (var (run, tasks) in runs)
            {
                if (_runs.ContainsKey(run.Key) || _runs.Values.Any(r => r.Run.DagId == run.DagId && r.Run.LogicalDate == run.LogicalDate))
                {
                    continue;
                }

                _runs[run.Key] = new RunSnapshot(run, tasks.ToDictionary(t => t.TaskId, StringComparer.Ordinal));
                created.Add(run);
            }
        }

        return Task.FromResult<IReadOnlyList<DagRun>>(created);
    }

    public Task<RunSnapshot?> GetRunAsync(RunKey key, CancellationToken ct = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_runs.GetValueOrDefault(key));
        }
    }

    public Task<IReadOnlyList<DagRun>> ListRunsAsync(string dagId, DagRunState? state = null, int limit = 100, CancellationToken ct = default)
    {
        lock (_lock)
        {
            IReadOnlyList<DagRun> runs = _runs.Values.Select(s => s.Run).Where(r => r.DagId == dagId && (state is null || r.State == state))
                .OrderByDescending(r => r.LogicalDate).Take(limit).ToList();
            return Task.FromResult(runs);
        }
    }

    public Task<DagRun?> LatestRunAsync(string dagId, DagRunType type, CancellationToken ct = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_runs.Values.Select(s => s.Run).Where(r => r.DagId == dagId && r.Type == type).MaxBy(r => r.LogicalDate));
        }
    }

    public Task<IReadOnlyList<DagRun>> ListActiveRunsAsync(int limit = 1000, CancellationToken ct = default)
    {
        lock (_lock)
        {
            IReadOnlyList<DagRun> runs = _runs.Values.Select(s => s.Run).Where(r => !r.State.IsFinished())
                .OrderBy(r => r.LogicalDate).ThenBy(r => r.DagId, StringComparer.Ordinal).Take(limit).ToList();
            return Task.FromResult(runs);
        }
    }

    public Task<RunSnapshot> UpdateRunAsync(RunKey key, Func<RunSnapshot, RunChanges> decide, CancellationToken ct = default)
    {
        lock (_lock)
        {
            var snapshot = _runs.GetValueOrDefault(key) ?? throw new KeyNotFoundException($"No run {key}.");
            return Task.FromResult(Apply(key, snapshot, decide(snapshot)));
        }
    }

    public Task<RunSnapshot> UpdateRunWithOccupancyAsync(RunKey key, ClaimLimits limits, Func<RunSnapshot, Occupancy, RunChanges> decide, CancellationToken ct = default)
    {
        lock (_lock)
        {
            var snapshot = _runs.GetValueOrDefault(key) ?? throw new KeyNotFoundException($"No run {key}.");
            var changes = HoldLimits(snapshot, OccupancyOf(key, limits.Pool), limits, occupancy => decide(snapshot, occupancy));
            return Task.FromResult(Apply(key, snapshot, changes!));
        }
    }

    private Occupancy OccupancyOf(RunKey key, string? pool)
    {
        var ofDag = _runs.Values.Where(r => r.Run.DagId == key.DagId).ToList();
        return new Occupancy(
            ofDag.Count(r => r.Run.State == DagRunState.Running),
            ofDag.Sum(r => r.Tasks.Values.Count(t => Active.Contains(t.State))),
            pool is null ? 0 : _runs.Values.Sum(r => r.Tasks.Values.Count(t => t.Pool == pool && Active.Contains(t.State))),
            pool is null ? 0 : _pools.GetValueOrDefault(pool)?.Slots ?? Pool.DefaultSlots);
    }

    // The PostgreSQL store's SlotGuard, with the occupancy after the write computed instead of read: a decision that
    // grows an occupancy beyond its limit is not applied, and is made again with that limit full.
    private static RunChanges? HoldLimits(RunSnapshot snapshot, Occupancy read, ClaimLimits limits, Func<Occupancy, RunChanges?> decide)
    {
        var full = default(SlotsFull);
        for (var decision = 0; decision < SlotGuard.MaxDecisions; decision++)
        {
            if (decide(SlotGuard.Full(read, limits, full)) is not { } changes)
            {
                return null;
            }

            var growth = SlotGuard.Growth(snapshot, changes, limits.Pool);
            var after = read with
            {
                RunningRunsOfDag = read.RunningRunsOfDag + growth.Runs,
                ActiveTasksOfDag = read.ActiveTasksOfDag + growth.DagTasks,
                ActiveTasksInPool = read.ActiveTasksInPool + growth.PoolTasks,
            };
            var broken = SlotGuard.Broken(after, limits, growth);
            if (!broken.Any)
            {
                return changes;
            }

            full = full.Or(broken);
        }

        throw new InvalidOperationException($"The decision for run {snapshot.Run.Key} kept exceeding its limits after {SlotGuard.MaxDecisions} decisions.");
    }

    public Task<ScopedSnapshot?> UpdateScopeAsync(RunKey key, TaskScope scope, Func<ScopedSnapshot, RunChanges?> decide, CancellationToken ct = default)
    {
        lock (_lock)
        {
            var snapshot = _runs.GetValueOrDefault(key) ?? throw new KeyNotFoundException($"No run {key}.");
            var scoped = Scope(snapshot, scope);
            Occupancy? seen = null;
            RunChanges? changes;
            if (scope.LimitsOfPool is { } pool)
            {
                var limits = new ClaimLimits(pool, MaxActiveTasks: scope.MaxActiveTasks);
                changes = HoldLimits(snapshot, OccupancyOf(key, pool), limits, occupancy => decide(scoped with { Occupancy = seen = occupancy }));
            }
            else
            {
                changes = decide(scoped);
            }

            if (changes is null)
            {
                return Task.FromResult<ScopedSnapshot?>(null);
            }

            var applied = Apply(key, snapshot, changes);
            var written = Scope(applied, scope) with
            {
                OthersWaiting = scoped.OthersWaiting,
                Spare = scoped.Spare is null ? null : applied.Tasks[scoped.Spare.TaskId],
                Occupancy = seen,
            };
            return Task.FromResult<ScopedSnapshot?>(written);
        }
    }

    public Task<ScopedSnapshot?> ClaimQueuedAsync(IReadOnlyCollection<string> queues, Func<ScopedSnapshot, RunChanges?> decide, CancellationToken ct = default)
    {
        lock (_lock)
        {
            var queued = _runs.Values.SelectMany(r => r.Tasks.Values)
                .Where(t => t.State == TaskInstanceState.Queued && queues.Contains(t.Queue))
                .OrderByDescending(t => t.PriorityWeight).ThenBy(t => t.QueuedAt).FirstOrDefault();
            if (queued is null)
            {
                return Task.FromResult<ScopedSnapshot?>(null);
            }

            var scope = new TaskScope([queued.TaskId], []);
            var snapshot = _runs[queued.Run];
            var more = _runs.Values.SelectMany(r => r.Tasks.Values)
                .Any(t => t.State == TaskInstanceState.Queued && queues.Contains(t.Queue) && !(t.Run == queued.Run && t.TaskId == queued.TaskId));
            if (decide(Scope(snapshot, scope) with { OthersWaiting = more }) is not { } changes)
            {
                return Task.FromResult<ScopedSnapshot?>(null);
            }

            return Task.FromResult<ScopedSnapshot?>(Scope(Apply(queued.Run, snapshot, changes), scope) with { OthersWaiting = more });
        }
    }

    private static ScopedSnapshot Scope(RunSnapshot snapshot, TaskScope scope)
    {
        var tasks = snapshot.Tasks.Values.Where(t => scope.Locked.Contains(t.TaskId) || scope.Read.Contains(t.TaskId)).ToDictionary(t => t.TaskId, StringComparer.Ordinal);
        var others = snapshot.Tasks.Values.Where(t => !scope.Locked.Contains(t.TaskId)).ToList();
        var spare = scope.Spare is { } request
            ? others.Where(t => t.State is TaskInstanceState.Scheduled or TaskInstanceState.Queued && t.Pool == request.Pool && request.Queues.Contains(t.Queue))
                .OrderByDescending(t => t.PriorityWeight).ThenBy(t => t.TaskId, StringComparer.Ordinal).FirstOrDefault()
            : null;
        var waiting = others.Any(t => t.State is TaskInstanceState.Scheduled or TaskInstanceState.Queued or TaskInstanceState.UpForRetry);
        return new ScopedSnapshot(snapshot.Run, tasks, waiting, spare);
    }

    public Task<IReadOnlyList<TaskInstance>> ListTaskInstancesAsync(IReadOnlyCollection<TaskInstanceState> states, int limit = 1000, CancellationToken ct = default)
    {
        lock (_lock)
        {
            IReadOnlyList<TaskInstance> tasks = _runs.Values.OrderBy(r => r.Run.LogicalDate)
                .SelectMany(r => r.Tasks.Values).Where(t => states.Contains(t.State)).Take(limit).ToList();
            return Task.FromResult(tasks);
        }
    }

    public async Task<InFlight> ListInFlightAsync(IReadOnlyCollection<TaskInstanceState> states, int limit, CancellationToken ct = default) =>
        new(await ListActiveRunsAsync(limit, ct), await ListTaskInstancesAsync(states, limit, ct));

    public Task<IReadOnlyList<TaskTry>> ListTriesAsync(RunKey key, string? taskId = null, CancellationToken ct = default)
    {
        lock (_lock)
        {
            IReadOnlyList<TaskTry> tries = _tries.Where(t => t.Key.Run == key && (taskId is null || t.Key.TaskId == taskId))
                .Select(t => t.Value).OrderBy(t => t.TaskId, StringComparer.Ordinal).ThenBy(t => t.TryNumber).ToList();
            return Task.FromResult(tries);
        }
    }

    public Task<IReadOnlyList<TaskInstance>> ListStillQueuedAsync(IReadOnlyCollection<TaskInstance> tasks, CancellationToken ct = default)
    {
        lock (_lock)
        {
            IReadOnlyList<TaskInstance> queued = tasks
                .Select(t => _runs.GetValueOrDefault(t.Run)?.Tasks.GetValueOrDefault(t.TaskId))
                .OfType<TaskInstance>().Where(t => t.State == TaskInstanceState.Queued).ToList();
            return Task.FromResult(queued);
        }
    }

    public Task<IReadOnlyList<TaskTryKey>> HeartbeatAsync(IReadOnlyCollection<TaskTryKey> tries, DateTimeOffset at, CancellationToken ct = default)
    {
        var stopped = new List<TaskTryKey>();
        lock (_lock)
        {
            foreach (var key in tries)
            {
                if (_runs.TryGetValue(key.Run, out var snapshot) && snapshot.Tasks.TryGetValue(key.TaskId, out var task)
                    && task.State == TaskInstanceState.Running && task.TryNumber == key.TryNumber)
                {
                    var tasks = new Dictionary<string, TaskInstance>(snapshot.Tasks, StringComparer.Ordinal) { [key.TaskId] = task with { HeartbeatAt = at } };
                    _runs[key.Run] = snapshot with { Tasks = tasks };
                }
                else
                {
                    stopped.Add(key);
                }
            }
        }

        return Task.FromResult<IReadOnlyList<TaskTryKey>>(stopped);
    }

    public Task SetXComAsync(XComEntry entry, CancellationToken ct = default)
    {
        lock (_lock)
        {
            _xcom[(new RunKey(entry.DagId, entry.RunId), entry.TaskId, entry.Key)] = entry;
        }

        return Task.CompletedTask;
    }

    public Task<XComEntry?> GetXComAsync(RunKey key, string taskId, string xcomKey, CancellationToken ct = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_xcom.GetValueOrDefault((key, taskId, xcomKey)));
        }
    }

    public Task<IReadOnlyList<XComEntry>> GetXComsAsync(RunKey key, IReadOnlyList<string> taskIds, string xcomKey, CancellationToken ct = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<XComEntry>>([.. taskIds.Distinct(StringComparer.Ordinal).Select(id => _xcom.GetValueOrDefault((key, id, xcomKey))).OfType<XComEntry>()]);
        }
    }

    public Task AppendLogAsync(RunKey key, string taskId, int tryNumber, IReadOnlyList<TaskLogLine> lines, CancellationToken ct = default)
    {
        lock (_lock)
        {
            AppendLog((key, taskId, tryNumber), lines);
        }

        return Task.CompletedTask;
    }

    public Task ReviseLogAsync(RunKey key, string taskId, int tryNumber, IReadOnlyList<TaskLogRevision> revisions, CancellationToken ct = default)
    {
        lock (_lock)
        {
            ReviseLog((key, taskId, tryNumber), revisions);
        }

        return Task.CompletedTask;
    }

    // Under _lock.
    private void AppendLog((RunKey Run, string TaskId, int Try) key, IReadOnlyList<TaskLogLine> lines)
    {
        if (!_logs.TryGetValue(key, out var log))
        {
            _logs[key] = log = [];
        }

        log.AddRange(lines);
    }

    // Under _lock.
    private void ReviseLog((RunKey Run, string TaskId, int Try) key, IReadOnlyList<TaskLogRevision> revisions)
    {
        if (_logs.TryGetValue(key, out var log))
        {
            foreach (var revision in revisions.Where(r => r.Position >= 0 && r.Position < log.Count))
            {
                log[revision.Position] = log[revision.Position] with { Message = revision.Message };
            }
        }
    }

    // Under _lock, after the try's record was written.
    private void StoreTail(TryTail tail)
    {
        var key = (tail.Try.Run, tail.Try.TaskId, tail.Try.TryNumber);
        ReviseLog(key, tail.Revisions);
        AppendLog(key, tail.Lines);
        if (tail.Trace is not null && _tries.ContainsKey(key))
        {
            _traces[tail.Try] = tail.Trace;
        }
    }

    public Task<IReadOnlyList<TaskLogLine>> GetLogAsync(RunKey key, string taskId, int tryNumber, CancellationToken ct = default) =>
        GetLogAsync(key, taskId, tryNumber, 0, ct);

    public Task<IReadOnlyList<TaskLogLine>> GetLogAsync(RunKey key, string taskId, int tryNumber, int from, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        lock (_lock)
        {
            IReadOnlyList<TaskLogLine> lines = _logs.TryGetValue((key, taskId, tryNumber), out var log) ? log.Skip(from).ToList() : [];
            return Task.FromResult(lines);
        }
    }

    public Task<IReadOnlyList<TaskLogLine>> GetLogTailAsync(RunKey key, string taskId, int tryNumber, int count, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_lock)
        {
            IReadOnlyList<TaskLogLine> lines = _logs.TryGetValue((key, taskId, tryNumber), out var log) ? log.TakeLast(count).ToList() : [];
            return Task.FromResult(lines);
        }
    }

    private RunSnapshot Apply(RunKey key, RunSnapshot snapshot, RunChanges changes)
    {
        if (changes.IsEmpty)
        {
            return snapshot;
        }

        var tasks = new Dictionary<string, TaskInstance>(snapshot.Tasks, StringComparer.Ordinal);
        foreach (var task in changes.Tasks)
        {
            HearIfQueued(tasks.GetValueOrDefault(task.TaskId), task);
            tasks[task.TaskId] = task;
            RecordTry(key, task);
        }

        var updated = new RunSnapshot(changes.Run ?? snapshot.Run, tasks);
        _runs[key] = updated;
        HearIfQueued(snapshot.Run, updated.Run);
        RecordDatasetEvents(changes.DatasetEvents);
        foreach (var entry in changes.XCom)
        {
            _xcom[(key, entry.TaskId, entry.Key)] = entry;
        }

        if (changes.Tail is { } tail)
        {
            StoreTail(tail);
        }

        return updated;
    }

    private void RecordTry(RunKey key, TaskInstance task)
    {
        if (task.ToTry() is { } attempt)
        {
            _tries[(key, task.TaskId, attempt.TryNumber)] = attempt;
        }
    }
}
