namespace DataEngineer.Core.Storage;

/// <summary>One line of a task try's log.</summary>
public sealed record TaskLogLine(DateTimeOffset At, string Level, string Message);
