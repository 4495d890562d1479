using System.Collections.Concurrent;

namespace DataEngineer.Bench.Infrastructure;

/// <summary>How often each metadata store method was called and how long its calls took, summed.</summary>
public sealed class StoreCallLog
{
    private readonly ConcurrentDictionary<string, StoreCallTotal> _totals = new(StringComparer.Ordinal);

    public void Record(string method, TimeSpan elapsed) =>
        _totals.AddOrUpdate(method, _ => new StoreCallTotal(method, 1, elapsed), (_, t) => t with { Calls = t.Calls + 1, Time = t.Time + elapsed });

    public void Clear() => _totals.Clear();

    public IReadOnlyList<StoreCallTotal> Totals() => [.. _totals.Values.OrderByDescending(t => t.Time)];
}
