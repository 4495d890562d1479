namespace DataEngineer.Core.Storage;

/// <summary>
/// The metadata store in process memory: for <c>dags test</c>, unit tests and the store contract
/// tests. One lock serialises updates, which gives the same guarantees as PostgreSQL's row locks.
/// </summary>
public sealed class InMemoryMetadataStore : IMetadataStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<RunKey, RunSnapshot> _runs = [];
    private readonly Dictionary<(RunKey Run, string TaskId, int Try), TaskTry> _tries = [];
    private readonly Dictionary<(RunKey Run, string TaskId, string Key), XComEntry> _xcom = [];
    private readonly Dictionary<(RunKey Run, string TaskId, int Try), List<TaskLogLine>> _logs = [];

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
        }

        return Task.CompletedTask;
    }

    public Task<RunSnapshot?> GetRunAsync(RunKey key, CancellationToken ct = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_runs.GetValueOrDefault(key));
        }
    }

    public Task<IReadOnlyList<DagRun>> ListRunsAsync(string dagId, int limit = 100, CancellationToken ct = default)
    {
        lock (_lock)
        {
            IReadOnlyList<DagRun> runs = _runs.Values.Select(s => s.Run).Where(r => r.DagId == dagId)
                .OrderByDescending(r => r.LogicalDate).Take(limit).ToList();
            return Task.FromResult(runs);
        }
    }

    public Task<RunSnapshot> UpdateRunAsync(RunKey key, Func<RunSnapshot, RunChanges> decide, CancellationToken ct = default)
    {
        lock (_lock)
        {
            var snapshot = _runs.GetValueOrDefault(key) ?? throw new KeyNotFoundException($"No run {key}.");
            var changes = decide(snapshot);
            if (changes.IsEmpty)
            {
                return Task.FromResult(snapshot);
            }

            var tasks = new Dictionary<string, TaskInstance>(snapshot.Tasks, StringComparer.Ordinal);
            foreach (var task in changes.Tasks)
            {
                tasks[task.TaskId] = task;
                RecordTry(key, task);
            }

            var updated = new RunSnapshot(changes.Run ?? snapshot.Run, tasks);
            _runs[key] = updated;
            return Task.FromResult(updated);
        }
    }

    public Task<IReadOnlyList<TaskTry>> ListTriesAsync(RunKey key, string? taskId = null, CancellationToken ct = default)
    {
        lock (_lock)
        {
            IReadOnlyList<TaskTry> tries = _tries.Where(t => t.Key.Run == key && (taskId is null || t.Key.TaskId == taskId))
                .Select(t => t.Value).OrderBy(t => t.TaskId, StringComparer.Ordinal).ThenBy(t => t.TryNumber).ToList();
            return Task.FromResult(tries);
        }
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

    public Task AppendLogAsync(RunKey key, string taskId, int tryNumber, IReadOnlyList<TaskLogLine> lines, CancellationToken ct = default)
    {
        lock (_lock)
        {
            if (!_logs.TryGetValue((key, taskId, tryNumber), out var log))
            {
                _logs[(key, taskId, tryNumber)] = log = [];
            }

            log.AddRange(lines);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<TaskLogLine>> GetLogAsync(RunKey key, string taskId, int tryNumber, CancellationToken ct = default)
    {
        lock (_lock)
        {
            IReadOnlyList<TaskLogLine> lines = _logs.TryGetValue((key, taskId, tryNumber), out var log) ? log.ToList() : [];
            return Task.FromResult(lines);
        }
    }

    private void RecordTry(RunKey key, TaskInstance task)
    {
        if (task.ToTry() is { } attempt)
        {
            _tries[(key, task.TaskId, attempt.TryNumber)] = attempt;
        }
    }
}
