namespace DataEngineer.Core.Execution;

/// <summary>A date given for a run or a backfill lies outside <see cref="LogicalDateRange"/>.</summary>
public sealed class LogicalDateException(string message) : Exception(message);
