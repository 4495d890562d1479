using DataEngineer.Core.States;

namespace DataEngineer.Core.Storage;

public sealed partial class InMemoryMetadataStore
{
    private static readonly TaskInstanceState[] InFlight =
    [
        TaskInstanceState.Scheduled, TaskInstanceState.Queued, TaskInstanceState.Running, TaskInstanceState.UpForRetry,
        TaskInstanceState.UpForReschedule, TaskInstanceState.AwaitingInput,
    ];

    public Task<BrokenNow> GetBrokenNowAsync(BrokenNowQuery query, CancellationToken ct = default)
    {
        lock (_lock)
        {
            var since = query.Now - query.FailedWithin;
            var queuedBefore = query.Now - query.QueuedLongerThan;
            var runs = _runs.Values.ToList();
            var lastSuccess = runs.Where(s => s.Run.State == DagRunState.Success)
                .GroupBy(s => s.Run.DagId, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Max(s => s.Run.LogicalDate), StringComparer.Ordinal);
            var tasks = runs.SelectMany(s => s.Tasks.Values).ToList();
            var broken = new BrokenNow
            {
                FailedRuns = runs.Select(s => s.Run)
                    .Where(r => r.State == DagRunState.Failed && (r.EndedAt ?? r.CreatedAt) >= since
                        && !(lastSuccess.TryGetValue(r.DagId, out var success) && success > r.LogicalDate))
                    .OrderByDescending(r => r.EndedAt ?? r.CreatedAt).ThenBy(r => r.DagId, StringComparer.Ordinal).Take(query.Limit).ToList(),
                StuckRuns = runs
                    .Where(s => s.Run.State == DagRunState.Running && !s.Tasks.Values.Any(t => InFlight.Contains(t.State)))
                    .Select(s => new StuckRun(s.Run, StuckRun.NothingInFlight))
                    .Concat(runs.Where(s => s.Run.State == DagRunState.Queued && s.Run.CreatedAt < queuedBefore).Select(s => new StuckRun(s.Run, StuckRun.QueuedSince(s.Run.CreatedAt))))
                    .OrderBy(s => s.Run.LogicalDate).ThenBy(s => s.Run.DagId, StringComparer.Ordinal).Take(query.Limit).ToList(),
                QueuedTooLong = tasks.Where(t => t.State == TaskInstanceState.Queued && t.QueuedAt < queuedBefore)
                    .OrderBy(t => t.QueuedAt).ThenBy(t => t.DagId, StringComparer.Ordinal).ThenBy(t => t.TaskId, StringComparer.Ordinal).Take(query.Limit).ToList(),
                UpForRetry = tasks.Where(t => t.State == TaskInstanceState.UpForRetry)
                    .OrderBy(t => t.NextTryAt).ThenBy(t => t.DagId, StringComparer.Ordinal).ThenBy(t => t.TaskId, StringComparer.Ordinal).Take(query.Limit).ToList(),
                BreachedDatasets = _datasets.Values.Select(WithBreach)
                    .Where(d => d.BreachedSince is not null || (d.FreshnessSla is { } sla && query.Now - d.FreshAsOf > sla))
                    .OrderBy(d => d.Name, StringComparer.Ordinal).Take(query.Limit).ToList(),
                FailedChecks = _checks.Where(c => c.At >= since)
                    .GroupBy(c => (c.DagId, c.TaskId, c.Name))
                    .Select(g => g.Last())
                    .Where(c => c.Severity == "error" && !c.Passed)
                    .OrderByDescending(c => c.At).ThenBy(c => c.DagId, StringComparer.Ordinal).ThenBy(c => c.Name, StringComparer.Ordinal).Take(query.Limit).ToList(),
                ImportErrors = [.. _importErrors],
            };
            return Task.FromResult(broken);
        }
    }

    public Task<IReadOnlyList<PoolUsage>> ListPoolUsageAsync(CancellationToken ct = default)
    {
        lock (_lock)
        {
            var active = _runs.Values.SelectMany(s => s.Tasks.Values)
                .Where(t => t.State is TaskInstanceState.Queued or TaskInstanceState.Running)
                .ToLookup(t => t.Pool, StringComparer.Ordinal);
            IReadOnlyList<PoolUsage> usage = _pools.Keys.Union(active.Select(g => g.Key), StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)
                .Select(name => new PoolUsage(name, _pools.GetValueOrDefault(name)?.Slots ?? Pool.DefaultSlots,
                    active[name].Count(t => t.State == TaskInstanceState.Queued), active[name].Count(t => t.State == TaskInstanceState.Running)))
                .ToList();
            return Task.FromResult(usage);
        }
    }
}
