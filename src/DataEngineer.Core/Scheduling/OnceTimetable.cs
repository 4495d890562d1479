using DataEngineer.Sdk;

namespace DataEngineer.Core.Scheduling;

/// <summary><c>@once</c>: a single scheduled run at the start date, with the empty interval <c>[start, start]</c>.</summary>
public sealed class OnceTimetable : Timetable
{
    private readonly DataInterval _only;

    internal OnceTimetable(string schedule, TimeZoneInfo timeZone, DateTimeOffset start, DateTimeOffset? end)
        : base(schedule, timeZone, start, end)
    {
        _only = new DataInterval(start, start);
    }

    /// <inheritdoc />
    public override string Description => $"{Schedule} ({TimeZone.Id})";

    /// <inheritdoc />
    public override DataInterval? NextInterval(DataInterval? last, DateTimeOffset now, bool catchup) =>
        last is null ? _only : null;

    /// <inheritdoc />
    public override IReadOnlyList<DataInterval> IntervalsBetween(DateTimeOffset from, DateTimeOffset to) =>
        _only.Start >= from && _only.Start <= to ? [_only] : [];

    /// <inheritdoc />
    public override DataInterval ManualInterval(DateTimeOffset date) => new(date.ToUniversalTime(), date.ToUniversalTime());
}
