using DataEngineer.Sdk;

namespace DataEngineer.Core.Scheduling;

/// <summary>No schedule: the DAG runs only when triggered, each run covering <c>[date, date]</c>.</summary>
public sealed class ManualTimetable : Timetable
{
    internal ManualTimetable(TimeZoneInfo timeZone, DateTimeOffset? start, DateTimeOffset? end)
        : base(null, timeZone, start, end)
    {
    }

    /// <inheritdoc />
    public override string Description => "manual";

    /// <inheritdoc />
    public override DataInterval? NextInterval(DataInterval? last, DateTimeOffset now, bool catchup) => null;

    /// <inheritdoc />
    public override IReadOnlyList<DataInterval> IntervalsBetween(DateTimeOffset from, DateTimeOffset to) => [];

    /// <inheritdoc />
    public override DataInterval ManualInterval(DateTimeOffset date) => new(date.ToUniversalTime(), date.ToUniversalTime());
}
