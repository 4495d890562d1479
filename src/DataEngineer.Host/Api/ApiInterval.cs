namespace DataEngineer.Host.Api;

/// <summary>A data interval [start, end).</summary>
internal sealed record ApiInterval(DateTimeOffset Start, DateTimeOffset End);
