using DataEngineer.Core.States;

namespace DataEngineer.Core.Storage;

public sealed partial class InMemoryMetadataStore
{
    private static readonly TaskInstanceState[] Waiting = [TaskInstanceState.Scheduled, TaskInstanceState.Queued, TaskInstanceState.Running];

    private readonly Dictionary<string, EngineProcessRecord> _processes = new(StringComparer.Ordinal);
    private readonly List<AuditEntry> _audit = [];
    private readonly Dictionary<string, UserAccount> _users = new(StringComparer.Ordinal);

    public Task<DagOverviewPage> ListDagOverviewsAsync(DagOverviewQuery query, CancellationToken ct = default)
    {
        lock (_lock)
        {
            var runsByDag = _runs.Values.Select(s => s.Run).ToLookup(r => r.DagId, StringComparer.Ordinal);
            var matching = _dags.Values
                .Where(d => Matches(d, query))
                .Select(d => new DagOverview(d, runsByDag[d.DagId].OrderByDescending(r => r.LogicalDate).Take(Math.Max(query.RecentRuns, 1)).ToList()))
                .Where(o => query.LastRunState is null || o.LastRun?.State == query.LastRunState)
                .OrderBy(o => o.Dag.DagId, StringComparer.Ordinal)
                .ToList();
            var page = matching.Skip(query.Offset).Take(query.Limit)
                .Select(o => o with { RecentRuns = o.RecentRuns.Take(query.RecentRuns).ToList() })
                .ToList();
            var tags = _dags.Values.SelectMany(d => d.Tags).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var owners = _dags.Values.Select(d => d.Owner).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            return Task.FromResult(new DagOverviewPage(page, matching.Count, tags, owners));
        }
    }

    public Task<RunHistoryPage> ListRunHistoryAsync(string dagId, int offset, int limit, CancellationToken ct = default)
    {
        lock (_lock)
        {
            var runs = _runs.Values.Where(s => s.Run.DagId == dagId).OrderByDescending(s => s.Run.LogicalDate).ToList();
            return Task.FromResult(new RunHistoryPage(runs.Skip(offset).Take(limit).ToList(), runs.Count));
        }
    }

    public Task<IReadOnlyList<XComEntry>> ListXComAsync(RunKey key, CancellationToken ct = default)
    {
        lock (_lock)
        {
            IReadOnlyList<XComEntry> entries = _xcom.Where(x => x.Key.Run == key).Select(x => x.Value)
                .OrderBy(x => x.TaskId, StringComparer.Ordinal).ThenBy(x => x.Key, StringComparer.Ordinal).ToList();
            return Task.FromResult(entries);
        }
    }

    public Task<IReadOnlyList<QueueDepth>> ListQueueDepthsAsync(CancellationToken ct = default)
    {
        lock (_lock)
        {
            IReadOnlyList<QueueDepth> depths = _runs.Values.SelectMany(s => s.Tasks.Values)
                .Where(t => Waiting.Contains(t.State))
                .GroupBy(t => t.Queue, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new QueueDepth(g.Key,
                    g.Count(t => t.State == TaskInstanceState.Scheduled),
                    g.Count(t => t.State == TaskInstanceState.Queued),
                    g.Count(t => t.State == TaskInstanceState.Running)))
                .ToList();
            return Task.FromResult(depths);
        }
    }

    public Task HeartbeatProcessAsync(EngineProcessRecord process, CancellationToken ct = default)
    {
        lock (_lock)
        {
            _processes[process.ProcessId] = process;
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<EngineProcessRecord>> ListProcessesAsync(DateTimeOffset since, CancellationToken ct = default)
    {
        lock (_lock)
        {
            IReadOnlyList<EngineProcessRecord> processes = _processes.Values.Where(p => p.HeartbeatAt >= since)
                .OrderByDescending(p => p.HeartbeatAt).ThenBy(p => p.ProcessId, StringComparer.Ordinal).ToList();
            return Task.FromResult(processes);
        }
    }

    public Task AppendAuditAsync(AuditEntry entry, CancellationToken ct = default)
    {
        lock (_lock)
        {
            _audit.Add(entry);
        }

        return Task.CompletedTask;
    }

    public Task<AuditPage> ListAuditAsync(int offset, int limit, CancellationToken ct = default)
    {
        lock (_lock)
        {
            // Appended in order: newest first is the list reversed.
            var entries = Enumerable.Reverse(_audit).Skip(offset).Take(limit).ToList();
            return Task.FromResult(new AuditPage(entries, _audit.Count));
        }
    }

    public Task<UserAccount?> GetUserAsync(string userName, CancellationToken ct = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_users.GetValueOrDefault(userName));
        }
    }

    public Task<bool> TryCreateUserAsync(UserAccount user, CancellationToken ct = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_users.TryAdd(user.UserName, user));
        }
    }

    private static bool Matches(DagRecord dag, DagOverviewQuery query) =>
        (string.IsNullOrWhiteSpace(query.Search)
            || dag.DagId.Contains(query.Search, StringComparison.OrdinalIgnoreCase)
            || (dag.Description?.Contains(query.Search, StringComparison.OrdinalIgnoreCase) ?? false)
            || (dag.Owner?.Contains(query.Search, StringComparison.OrdinalIgnoreCase) ?? false))
        && (query.Tag is null || dag.Tags.Contains(query.Tag, StringComparer.Ordinal))
        && (query.Owner is null || dag.Owner == query.Owner)
        && (query.Paused is null || dag.IsPaused == query.Paused);
}
