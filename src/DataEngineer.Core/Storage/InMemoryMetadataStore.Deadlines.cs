using DataEngineer.Core.States;

namespace DataEngineer.Core.Storage;

public sealed partial class InMemoryMetadataStore
{
    private readonly Dictionary<RunKey, DeadlineMiss> _deadlineMisses = [];

    public Task<IReadOnlyList<DeadlineMiss>> RecordDeadlineMissesAsync(IReadOnlyDictionary<string, TimeSpan> deadlines, DateTimeOffset now, CancellationToken ct = default)
    {
        lock (_lock)
        {
            var missed = _runs.Values.Select(s => s.Run)
                .Where(r => !r.State.IsFinished() && deadlines.TryGetValue(r.DagId, out var deadline) && r.DataInterval.End + deadline <= now
                    && !_deadlineMisses.ContainsKey(r.Key))
                .Select(r => new DeadlineMiss(r.DagId, r.RunId, r.DataInterval.End + deadlines[r.DagId], now))
                .ToList();
            foreach (var miss in missed)
            {
                _deadlineMisses[miss.Run] = miss;
            }

            return Task.FromResult<IReadOnlyList<DeadlineMiss>>(missed);
        }
    }

    public Task<DeadlineMiss?> GetDeadlineMissAsync(RunKey run, CancellationToken ct = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_deadlineMisses.GetValueOrDefault(run));
        }
    }

    public Task<IReadOnlyList<DeadlineMiss>> ListLateRunsAsync(int limit, CancellationToken ct = default)
    {
        lock (_lock)
        {
            IReadOnlyList<DeadlineMiss> late = _deadlineMisses.Values
                .Where(m => _runs.TryGetValue(m.Run, out var s) && !s.Run.State.IsFinished())
                .OrderBy(m => m.DeadlineAt).ThenBy(m => m.DagId, StringComparer.Ordinal).ThenBy(m => m.RunId, StringComparer.Ordinal)
                .Take(limit).ToList();
            return Task.FromResult(late);
        }
    }
}
