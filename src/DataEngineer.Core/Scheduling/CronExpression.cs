namespace DataEngineer.Core.Scheduling;

/// <summary>
/// A 5-field Unix cron expression (<c>minute hour day-of-month month day-of-week</c>) with Vixie
/// cron semantics, evaluated in a time zone. When both day fields are restricted a day matching
/// either one fires. Across clock changes a fixed hour (<c>30 2 * * *</c>) fires once: right after
/// the transition when its time is skipped, at the first occurrence when repeated; a wildcard or
/// stepped hour (<c>0 * * * *</c>, <c>0 */2 * * *</c>) fires at every real occurrence only.
/// </summary>
public sealed class CronExpression
{
    // 400 Gregorian years repeat the calendar exactly, so no valid expression has a longer gap.
    private const int SearchDays = 146_097;
    private static readonly DateOnly FirstDay = new(1, 1, 2);
    private static readonly DateOnly LastDay = new(9999, 12, 30);

    private readonly CronField _minutes;
    private readonly CronField _hours;
    private readonly CronField _daysOfMonth;
    private readonly CronField _months;
    private readonly CronField _daysOfWeek;
    private readonly bool _fixedHour;

    private CronExpression(string text, string[] fields)
    {
        Text = text;
        _minutes = CronField.Parse(text, fields[0], CronFieldSpec.Minute);
        _hours = CronField.Parse(text, fields[1], CronFieldSpec.Hour);
        _daysOfMonth = CronField.Parse(text, fields[2], CronFieldSpec.DayOfMonth);
        _months = CronField.Parse(text, fields[3], CronFieldSpec.Month);
        _daysOfWeek = CronField.Parse(text, fields[4], CronFieldSpec.DayOfWeek);

        // An hour written with '*' or '/' repeats through the day, so it follows the real clock
        // across a change; any other hour is a fixed time of day that must not be lost or doubled.
        _fixedHour = fields[1].AsSpan().IndexOfAny('*', '/') < 0;
    }

    /// <summary>The expression as written.</summary>
    public string Text { get; }

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="ScheduleException">The expression is malformed or can never fire.</exception>
    public static CronExpression Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var fields = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 0)
        {
            throw ScheduleException.InvalidCron(text, "it is empty");
        }

        if (fields.Length != 5)
        {
            var count = fields.Length == 1 ? "1 field" : $"{fields.Length} fields";
            throw ScheduleException.InvalidCron(text, $"it has {count}, not 5");
        }

        var expression = new CronExpression(text, fields);
        if (!expression.MatchesSomeDay())
        {
            throw ScheduleException.InvalidCron(
                text,
                $"it never fires: no date has day-of-month '{fields[2]}' in month '{fields[3]}'"
                + $" (day-of-week '{fields[4]}')");
        }

        return expression;
    }

    /// <summary>The first fire instant strictly after <paramref name="after"/>, in UTC; null if none is representable.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        DateTimeOffset? best = null;
        var bestDay = 0;

        // Start a day early and look one day past the first hit: around a clock change an instant
        // can belong to a neighbouring local day.
        var first = Math.Max(LocalDay(after, zone) - 1, FirstDay.DayNumber);
        var last = Math.Min(first + SearchDays, LastDay.DayNumber);
        for (var dayNumber = first; dayNumber <= last && (best is null || dayNumber <= bestDay + 1); dayNumber++)
        {
            var date = DateOnly.FromDayNumber(dayNumber);
            if (MatchesDay(date))
            {
                var found = FirstOnDayAfter(new ZoneDay(zone, date), after, best);
                bestDay = best is null && found is not null ? dayNumber : bestDay;
                best = found;
            }
        }

        return best;
    }

    /// <summary>The last fire instant at or before <paramref name="at"/>, in UTC; null if none is representable.</summary>
    public DateTimeOffset? PreviousAtOrBefore(DateTimeOffset at, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        DateTimeOffset? best = null;
        var bestDay = 0;

        // Mirrors NextAfter, walking back.
        var first = Math.Min(LocalDay(at, zone) + 1, LastDay.DayNumber);
        var last = Math.Max(first - SearchDays, FirstDay.DayNumber);
        for (var dayNumber = first; dayNumber >= last && (best is null || dayNumber >= bestDay - 1); dayNumber--)
        {
            var date = DateOnly.FromDayNumber(dayNumber);
            if (MatchesDay(date))
            {
                var found = LastOnDayAtOrBefore(new ZoneDay(zone, date), at, best);
                bestDay = best is null && found is not null ? dayNumber : bestDay;
                best = found;
            }
        }

        return best;
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    private static int LocalDay(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime).DayNumber;

    // Times are visited in order; once a time cannot come before the best instant found (even
    // from the preceding day), no later time on this day can either.
    private DateTimeOffset? FirstOnDayAfter(ZoneDay day, DateTimeOffset after, DateTimeOffset? best)
    {
        Span<DateTimeOffset> instants = stackalloc DateTimeOffset[2];
        for (var hour = 0; hour < 24; hour++)
        {
            if (!_hours.Contains(hour) || day.LatestPossible(new TimeSpan(hour, 59, 0)) <= after)
            {
                continue;
            }

            for (var minute = 0; minute < 60; minute++)
            {
                var time = new TimeSpan(hour, minute, 0);
                if (!_minutes.Contains(minute) || day.LatestPossible(time) <= after)
                {
                    continue;
                }

                if (best is { } found && day.EarliestPossible(time) >= found)
                {
                    return best;
                }

                foreach (var instant in instants[..Instants(day, time, instants)])
                {
                    if (instant > after && (best is null || instant < best))
                    {
                        best = instant;
                    }
                }
            }
        }

        return best;
    }

    private DateTimeOffset? LastOnDayAtOrBefore(ZoneDay day, DateTimeOffset at, DateTimeOffset? best)
    {
        Span<DateTimeOffset> instants = stackalloc DateTimeOffset[2];
        for (var hour = 23; hour >= 0; hour--)
        {
            if (!_hours.Contains(hour) || day.EarliestPossible(new TimeSpan(hour, 0, 0)) > at)
            {
                continue;
            }

            for (var minute = 59; minute >= 0; minute--)
            {
                var time = new TimeSpan(hour, minute, 0);
                if (!_minutes.Contains(minute) || day.EarliestPossible(time) > at)
                {
                    continue;
                }

                if (best is { } found && day.LatestPossible(time) <= found)
                {
                    return best;
                }

                foreach (var instant in instants[..Instants(day, time, instants)])
                {
                    if (instant <= at && (best is null || instant > best))
                    {
                        best = instant;
                    }
                }
            }
        }

        return best;
    }

    private int Instants(ZoneDay day, TimeSpan time, Span<DateTimeOffset> instants)
    {
        if (!_fixedHour)
        {
            return day.Occurrences(time, instants);
        }

        instants[0] = day.WhenClockReaches(time);
        return 1;
    }

    private bool MatchesDay(DateOnly date)
    {
        if (!_months.Contains(date.Month))
        {
            return false;
        }

        var dayOfMonth = _daysOfMonth.Contains(date.Day);
        var dayOfWeek = _daysOfWeek.Contains((int)date.DayOfWeek);
        return _daysOfMonth.IsStar || _daysOfWeek.IsStar ? dayOfMonth && dayOfWeek : dayOfMonth || dayOfWeek;
    }

    // 2001-2028 holds every combination of date, weekday and leap year, so an expression matching
    // no day in it matches none ever.
    private bool MatchesSomeDay()
    {
        for (var date = new DateOnly(2001, 1, 1); date.Year <= 2028; date = date.AddDays(1))
        {
            if (MatchesDay(date))
            {
                return true;
            }
        }

        return false;
    }
}
