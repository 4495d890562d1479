using DataEngineer.Bench.Reporting;

namespace DataEngineer.Bench.Scenarios;

/// <summary>How long one quality check took on the million-row table, and what it found.</summary>
public sealed record CheckTiming(string Check, string Kind, long FailingCount, Distribution Time);
