namespace DataEngineer.Core.Scheduling;

/// <summary>
/// A DAG's schedule, time zone, start or end date cannot be used; the message says what is wrong,
/// where, and what a valid value looks like.
/// </summary>
public sealed class ScheduleException : Exception
{
    public ScheduleException(string message)
        : base(message)
    {
    }

    public ScheduleException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal static ScheduleException InvalidCron(string expression, string problem) =>
        new($"Invalid cron expression '{expression}': {problem}. A cron expression has 5 fields: "
            + "minute hour day-of-month month day-of-week, e.g. '0 2 * * *'.");
}
