using DataEngineer.Bench.Reporting;

namespace DataEngineer.Bench.Scenarios;

/// <summary>Scenario 1: the gaps between consecutive tasks of a linear chain run by one host.</summary>
public sealed record HandoffResult(int Tasks, Distribution Gaps, Distribution TryDurations, TimeSpan Span);
