using DataEngineer.Sdk;

namespace DataEngineer.Core.Scheduling;

/// <summary>
/// When a DAG's scheduled runs happen and which data interval each covers, with Airflow 2's interval
/// timetable semantics: a scheduled run covers <c>[fire n, fire n+1)</c>, is due at the end of it,
/// and its logical date is its start. Built from a DAG's options by <see cref="Create"/>.
/// </summary>
public abstract class Timetable
{
    private const string ValidPresets = "@once, @hourly, @daily, @weekly, @monthly, @yearly, @annually";

    private static readonly Dictionary<string, string> CronPresets = new(StringComparer.OrdinalIgnoreCase)
    {
        ["@hourly"] = "0 * * * *",
        ["@daily"] = "0 0 * * *",
        ["@weekly"] = "0 0 * * 0",
        ["@monthly"] = "0 0 1 * *",
        ["@yearly"] = "0 0 1 1 *",
        ["@annually"] = "0 0 1 1 *",
    };

    private protected Timetable(string? schedule, TimeZoneInfo timeZone, DateTimeOffset? start, DateTimeOffset? end)
    {
        Schedule = schedule;
        TimeZone = timeZone;
        Start = start;
        End = end;
    }

    /// <summary>The schedule as the DAG wrote it; null for a DAG that only runs when triggered.</summary>
    public string? Schedule { get; }

    /// <summary>The zone the schedule is read in.</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>The first instant an interval may start at, in UTC.</summary>
    public DateTimeOffset? Start { get; }

    /// <summary>No interval starts after this instant, in UTC.</summary>
    public DateTimeOffset? End { get; }

    /// <summary>One line for people, e.g. <c>0 2 * * * (UTC)</c>, <c>@daily (Europe/Amsterdam)</c>, <c>manual</c>.</summary>
    public abstract string Description { get; }

    /// <summary>
    /// The next interval the scheduler should create after <paramref name="last"/> (the latest
    /// scheduled one, if any); its end may lie after <paramref name="now"/>, in which case the run
    /// is due then. With <paramref name="catchup"/> false, intervals that ended before the latest
    /// complete one are skipped. Null when there is none to create.
    /// </summary>
    public abstract DataInterval? NextInterval(DataInterval? last, DateTimeOffset now, bool catchup);

    /// <summary>Every scheduled interval whose start lies in <c>[from, to]</c> and within the start and end dates, for a backfill.</summary>
    public abstract IReadOnlyList<DataInterval> IntervalsBetween(DateTimeOffset from, DateTimeOffset to);

    /// <summary>The interval a manual trigger (or a test run) at logical date <paramref name="date"/> covers.</summary>
    public abstract DataInterval ManualInterval(DateTimeOffset date);

    /// <summary>The first time the schedule fires after <paramref name="after"/>; null when it does not fire by itself.</summary>
    public virtual DateTimeOffset? NextFireAfter(DateTimeOffset after) => null;

    /// <summary>
    /// Builds the timetable for a DAG's <c>Schedule</c>, <c>TimeZone</c>, <c>StartDate</c> and
    /// <c>EndDate</c>. Dates of kind <see cref="DateTimeKind.Utc"/> are instants; others are wall-clock
    /// times in <paramref name="timeZone"/>, moved forward to the clock change if the clock skips them.
    /// </summary>
    /// <exception cref="ScheduleException">Any of them is invalid or they do not fit together.</exception>
    public static Timetable Create(string? schedule, string timeZone, DateTime? startDate, DateTime? endDate)
    {
        var zone = FindZone(timeZone);
        var start = startDate is { } s ? ToInstant(s, zone, "Start") : (DateTimeOffset?)null;
        var end = endDate is { } e ? ToInstant(e, zone, "End") : (DateTimeOffset?)null;
        if (start is not null && end < start)
        {
            throw new ScheduleException(
                $"End date {end:yyyy-MM-ddTHH:mm:ssZ} is before start date {start:yyyy-MM-ddTHH:mm:ssZ}; "
                + "no interval could run. Move the end date after the start date or remove it.");
        }

        if (string.IsNullOrWhiteSpace(schedule))
        {
            return new ManualTimetable(zone, start, end);
        }

        var trimmed = schedule.Trim();
        if (trimmed.Equals("@once", StringComparison.OrdinalIgnoreCase))
        {
            return new OnceTimetable(schedule, zone, RequireStart(schedule, start), end);
        }

        var cron = schedule;
        if (trimmed.StartsWith('@') && !CronPresets.TryGetValue(trimmed, out cron))
        {
            throw new ScheduleException(
                $"Unknown schedule preset '{schedule}'. Valid presets: {ValidPresets}; "
                + "or use a 5-field cron expression such as '0 2 * * *'.");
        }

        var expression = CronExpression.Parse(cron);
        return new CronTimetable(expression, schedule, zone, RequireStart(schedule, start), end);
    }

    private static DateTimeOffset RequireStart(string schedule, DateTimeOffset? start) =>
        start ?? throw new ScheduleException(
            $"Schedule '{schedule}' needs a start date: set StartDate in the DAG's options, "
            + "e.g. StartDate = new DateTime(2024, 1, 1).");

    private static TimeZoneInfo FindZone(string timeZone)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            throw new ScheduleException(
                $"Unknown time zone '{timeZone}'. Use an IANA name such as 'UTC' or 'Europe/Amsterdam'.", ex);
        }
    }

    private static DateTimeOffset ToInstant(DateTime value, TimeZoneInfo zone, string which)
    {
        // Keeps the day-wide zone arithmetic far from the ends of DateTime's range.
        if (value.Year is < 1900 or > 9998)
        {
            throw new ScheduleException(
                $"{which} date {value:yyyy-MM-ddTHH:mm:ss} is out of range: use a date between the years 1900 and 9998.");
        }

        return value.Kind == DateTimeKind.Utc
            ? new DateTimeOffset(value.Ticks, TimeSpan.Zero)
            : new ZoneDay(zone, DateOnly.FromDateTime(value)).WhenClockReaches(value.TimeOfDay);
    }
}
