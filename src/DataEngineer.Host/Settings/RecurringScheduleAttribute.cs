using DataEngineer.Core.Scheduling;

namespace DataEngineer.Host.Settings;

/// <summary>A recurring cron expression or preset, in UTC (not @once, not none), or unset.</summary>
internal sealed class RecurringScheduleAttribute(string fix) : SettingAttribute(fix)
{
    public override bool IsValid(object? value) => value is not string text || string.IsNullOrWhiteSpace(text) || Parse(text) is not null;

    /// <summary>The schedule, or null when <paramref name="text"/> is not a recurring one.</summary>
    public static CronTimetable? Parse(string text)
    {
        try
        {
            return Timetable.Create(text, "UTC", DateTime.UnixEpoch, endDate: null) as CronTimetable;
        }
        catch (ScheduleException)
        {
            return null;
        }
    }
}
