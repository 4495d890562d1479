namespace DataEngineer.Host.Api;

/// <summary>One line of a try's log.</summary>
internal sealed record ApiLogLine(DateTimeOffset At, string Level, string Message);
