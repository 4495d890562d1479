using DataEngineer.Core.States;

namespace DataEngineer.Core.Storage;

public sealed partial class InMemoryMetadataStore
{
    private readonly Dictionary<long, BackfillRecord> _backfills = [];
    private readonly Dictionary<long, SortedDictionary<DateTimeOffset, RunKey>> _backfillRuns = [];

    public Task<BackfillRecord> CreateBackfillAsync(BackfillRecord backfill, CancellationToken ct = default)
    {
        lock (_lock)
        {
            var created = backfill with { Id = _backfills.Count + 1, Progress = BackfillProgress.None };
            _backfills[created.Id] = created;
            _backfillRuns[created.Id] = [];
            return Task.FromResult(created);
        }
    }

    public Task<BackfillRecord?> GetBackfillAsync(long id, CancellationToken ct = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_backfills.TryGetValue(id, out var backfill) ? WithProgress(backfill) : null);
        }
    }

    public Task<IReadOnlyList<BackfillRecord>> ListBackfillsAsync(string? dagId, int limit = 100, CancellationToken ct = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<BackfillRecord>>(
                [.. _backfills.Values.Where(b => dagId is null || b.DagId == dagId).OrderByDescending(b => b.Id).Take(limit).Select(WithProgress)]);
        }
    }

    public Task<bool> SetBackfillStateAsync(long id, IReadOnlyCollection<BackfillState> from, BackfillState to, DateTimeOffset at, CancellationToken ct = default)
    {
        lock (_lock)
        {
            if (!_backfills.TryGetValue(id, out var backfill) || !from.Contains(backfill.State))
            {
                return Task.FromResult(false);
            }

            _backfills[id] = backfill with { State = to, UpdatedAt = at };
            return Task.FromResult(true);
        }
    }

    public Task<bool> CreateBackfillRunAsync(long id, DagRun run, IReadOnlyList<TaskInstance> tasks, CancellationToken ct = default)
    {
        // The lock is re-entrant: the check, the run and the link are one step, as in one PostgreSQL transaction.
        lock (_lock)
        {
            if (!IsRunning(id))
            {
                return Task.FromResult(false);
            }

            CreateRunAsync(run, tasks, ct).GetAwaiter().GetResult();
            _backfillRuns[id][run.LogicalDate] = run.Key;
            return Task.FromResult(true);
        }
    }

    public Task<bool> LinkBackfillRunAsync(long id, DagRun run, CancellationToken ct = default)
    {
        lock (_lock)
        {
            if (!IsRunning(id))
            {
                return Task.FromResult(false);
            }

            _backfillRuns[id].TryAdd(run.LogicalDate, run.Key);
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<DagRun>> ListBackfillRunsAsync(long id, CancellationToken ct = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<DagRun>>([.. LinkedRuns(id)]);
        }
    }

    private bool IsRunning(long id) => _backfills.TryGetValue(id, out var backfill) && backfill.State == BackfillState.Running;

    private IEnumerable<DagRun> LinkedRuns(long id) =>
        _backfillRuns.TryGetValue(id, out var links) ? links.Values.Select(k => _runs.GetValueOrDefault(k)?.Run).OfType<DagRun>() : [];

    private BackfillRecord WithProgress(BackfillRecord backfill)
    {
        var runs = LinkedRuns(backfill.Id).ToList();
        return backfill with
        {
            Progress = new BackfillProgress(runs.Count, runs.Count(r => !r.State.IsFinished()), runs.Count(r => r.State == DagRunState.Success), runs.Count(r => r.State == DagRunState.Failed)),
        };
    }
}
