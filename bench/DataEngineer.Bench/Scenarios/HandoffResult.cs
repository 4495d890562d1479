using DataEngineer.Bench.Reporting;

namespace DataEngineer.Bench.Scenarios;

/// <summary>
/// Scenario 1: the gaps between consecutive tasks of a linear chain run by one host: from one task's code returning to the
/// next one's being entered (<see cref="Gaps"/>), and between the stored tries' end and start (<see cref="StoredGaps"/>).
/// </summary>
public sealed record HandoffResult(int Tasks, Distribution Gaps, Distribution StoredGaps, Distribution TryDurations, TimeSpan Span);
