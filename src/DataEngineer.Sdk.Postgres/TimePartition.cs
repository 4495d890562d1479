namespace DataEngineer.Sdk.Postgres;

/// <summary>One partition of a time-partitioned table: its name and the range <c>[From, To)</c> it holds.</summary>
/// <param name="Name">Schema-qualified, e.g. <c>warehouse.fact_orders_p2024_03</c>.</param>
/// <param name="From">Inclusive start (UTC).</param>
/// <param name="To">Exclusive end (UTC).</param>
public sealed record TimePartition(string Name, DateTimeOffset From, DateTimeOffset To);
