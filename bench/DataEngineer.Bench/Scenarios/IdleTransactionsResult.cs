using DataEngineer.Bench.Infrastructure;

namespace DataEngineer.Bench.Scenarios;

/// <summary>An idle standalone host: the metadata database's transactions per second over a window, and which tables they touched.</summary>
public sealed record IdleTransactionsResult(TimeSpan Window, long Transactions, IReadOnlyList<TableActivity> Tables)
{
    public double PerSecond => Transactions / Window.TotalSeconds;
}
