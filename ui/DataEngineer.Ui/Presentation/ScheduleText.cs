using DataEngineer.Core.Validation;

namespace DataEngineer.Ui.Presentation;

/// <summary>A DAG's schedule in words and its next fire time.</summary>
public static class ScheduleText
{
    public static string Words(DagGraph? graph, string? schedule) => CronWords.Describe(graph?.Options.Schedule ?? schedule, graph?.Options.TimeZone ?? "UTC");

    public static DateTimeOffset? NextRun(DagGraph? graph, bool paused, DateTimeOffset now) => paused ? null : graph?.Timetable.NextFireAfter(now);
}
