using DataEngineer.Sdk;

namespace DataEngineer.Core.Scheduling;

/// <summary>A DAG's whole schedule in words: its cron timetable, its dataset condition, or both.</summary>
public static class ScheduleDescription
{
    /// <summary>E.g. <c>0 2 * * * (UTC)</c>, <c>when all of a, b are updated</c>, or <c>@daily (UTC), or when a is updated</c>.</summary>
    public static string Of(Timetable timetable, DatasetSchedule? datasets) => (timetable.Schedule, datasets) switch
    {
        (_, null) => timetable.Description,
        (null, { } on) => on.ToString(),
        (_, { } on) => $"{timetable.Description}, or {on}",
    };
}
