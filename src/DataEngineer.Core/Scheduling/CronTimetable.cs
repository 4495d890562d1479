using DataEngineer.Sdk;

namespace DataEngineer.Core.Scheduling;

/// <summary>
/// A cron or preset schedule (Airflow 2's <c>CronDataIntervalTimetable</c>): each interval runs from
/// one fire time to the next.
/// </summary>
public sealed class CronTimetable : Timetable
{
    private readonly DateTimeOffset _firstStart;

    internal CronTimetable(
        CronExpression expression, string schedule, TimeZoneInfo timeZone, DateTimeOffset start, DateTimeOffset? end)
        : base(schedule, timeZone, start, end)
    {
        Expression = expression;
        _firstStart = AtOrAfter(start);
    }

    /// <summary>The cron expression the schedule stands for (a preset's expansion).</summary>
    public CronExpression Expression { get; }

    /// <inheritdoc />
    public override string Description => $"{Schedule} ({TimeZone.Id})";

    /// <inheritdoc />
    public override DataInterval? NextInterval(DataInterval? last, DateTimeOffset now, bool catchup)
    {
        var start = _firstStart;
        if (last is { } previous)
        {
            // Aligning back (not forward) leaves no data uncovered when the schedule changed since
            // the last run, as in Airflow; on an unchanged schedule it is the last interval's end.
            start = Max(start, Expression.PreviousAtOrBefore(previous.End, TimeZone) ?? previous.End);
        }

        if (!catchup && LatestCompleteStart(now) is { } latest)
        {
            start = Max(start, latest);
        }

        return start > End ? null : new DataInterval(start, After(start));
    }

    /// <inheritdoc />
    public override IReadOnlyList<DataInterval> IntervalsBetween(DateTimeOffset from, DateTimeOffset to)
    {
        var intervals = new List<DataInterval>();
        var start = AtOrAfter(Max(from, _firstStart));
        for (; start <= to && (End is null || start <= End); start = intervals[^1].End)
        {
            intervals.Add(new DataInterval(start, After(start)));
        }

        return intervals;
    }

    /// <inheritdoc />
    public override DataInterval ManualInterval(DateTimeOffset date)
    {
        var start = AtOrAfter(date);
        return new DataInterval(start, After(start));
    }

    /// <inheritdoc />
    public override DateTimeOffset? NextFireAfter(DateTimeOffset after) => Expression.NextAfter(after, TimeZone);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    // The start of the newest interval that has ended by now: [fire before P, P) with P the last
    // fire at or before now.
    private DateTimeOffset? LatestCompleteStart(DateTimeOffset now) =>
        Expression.PreviousAtOrBefore(now, TimeZone) is { } end
            ? Expression.PreviousAtOrBefore(end.AddTicks(-1), TimeZone)
            : null;

    private DateTimeOffset AtOrAfter(DateTimeOffset instant) => After(instant.AddTicks(-1));

    // A parsed expression fires at least once in any 400 years, so only the end of the
    // representable calendar can leave it without a next fire.
    private DateTimeOffset After(DateTimeOffset instant) =>
        Expression.NextAfter(instant, TimeZone)
        ?? throw new ScheduleException($"Schedule '{Schedule}' has no fire time after {instant:yyyy-MM-ddTHH:mm:ssZ}.");
}
