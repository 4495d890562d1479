using DataEngineer.Bench.Reporting;

namespace DataEngineer.Bench.Scenarios;

/// <summary>
/// Scenario 4: a chain whose tasks alternate between two worker processes. <c>Crossing</c> counts the handoffs
/// that really went from one process to the other (all should).
/// </summary>
public sealed record CrossProcessResult(int Tasks, int Crossing, Distribution Gaps, TimeSpan Span);
