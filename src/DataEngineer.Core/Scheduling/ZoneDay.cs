namespace DataEngineer.Core.Scheduling;

/// <summary>
/// One local calendar day in a time zone, with the UTC offset change it may contain, so wall-clock
/// times on that day map to instants by arithmetic instead of a zone lookup per time.
/// </summary>
/// <remarks>
/// Assumes at most one offset change within about two days, which holds for every real zone.
/// </remarks>
internal readonly struct ZoneDay
{
    // Local mean times in old tzdata entries reach almost ±16 h, so this margin around the day
    // covers every instant one of its wall-clock times can denote.
    private static readonly TimeSpan Reach = TimeSpan.FromHours(16);

    private readonly long _midnight;
    private readonly long _offsetBefore;
    private readonly long _offsetAfter;
    private readonly long _transition;

    /// <param name="zone">The time zone.</param>
    /// <param name="date">The day; between 0001-01-02 and 9999-12-30 so the margins stay representable.</param>
    public ZoneDay(TimeZoneInfo zone, DateOnly date)
    {
        _midnight = date.ToDateTime(TimeOnly.MinValue).Ticks;
        var from = new DateTime(_midnight, DateTimeKind.Utc) - Reach;
        var to = new DateTime(_midnight, DateTimeKind.Utc).AddDays(1) + Reach;
        _offsetBefore = zone.GetUtcOffset(from).Ticks;
        _offsetAfter = zone.GetUtcOffset(to).Ticks;
        _transition = _offsetBefore == _offsetAfter ? long.MaxValue : FindTransition(zone, from.Ticks, to.Ticks);
    }

    /// <summary>The smallest UTC offset in force during the day, in ticks.</summary>
    public long MinOffset => Math.Min(_offsetBefore, _offsetAfter);

    /// <summary>The largest UTC offset in force during the day, in ticks.</summary>
    public long MaxOffset => Math.Max(_offsetBefore, _offsetAfter);

    /// <summary>Whatever the offsets, a wall-clock time on this day denotes no instant earlier than this.</summary>
    public DateTimeOffset EarliestPossible(TimeSpan timeOfDay) => Utc(_midnight + timeOfDay.Ticks - MaxOffset);

    /// <summary>Whatever the offsets, a wall-clock time on this day denotes no instant later than this.</summary>
    public DateTimeOffset LatestPossible(TimeSpan timeOfDay) => Utc(_midnight + timeOfDay.Ticks - MinOffset);

    /// <summary>
    /// The first instant the wall clock reaches <paramref name="timeOfDay"/>: its first occurrence
    /// when the clock is turned back over it, or the transition itself when the clock skips it.
    /// </summary>
    public DateTimeOffset WhenClockReaches(TimeSpan timeOfDay)
    {
        var local = _midnight + timeOfDay.Ticks;
        if (!HasTransition || local < Math.Min(ClockBefore, ClockAfter))
        {
            return Utc(local - _offsetBefore);
        }

        if (local >= Math.Max(ClockBefore, ClockAfter))
        {
            return Utc(local - _offsetAfter);
        }

        return _offsetAfter > _offsetBefore ? Utc(_transition) : Utc(local - _offsetBefore);
    }

    /// <summary>
    /// Writes every instant at which the wall clock shows <paramref name="timeOfDay"/> into
    /// <paramref name="instants"/> (room for 2) in order and returns how many: 0 when the clock
    /// skips the time, 2 when it is turned back over it.
    /// </summary>
    public int Occurrences(TimeSpan timeOfDay, Span<DateTimeOffset> instants)
    {
        var local = _midnight + timeOfDay.Ticks;
        if (!HasTransition || local < Math.Min(ClockBefore, ClockAfter))
        {
            instants[0] = Utc(local - _offsetBefore);
            return 1;
        }

        if (local >= Math.Max(ClockBefore, ClockAfter))
        {
            instants[0] = Utc(local - _offsetAfter);
            return 1;
        }

        if (_offsetAfter > _offsetBefore)
        {
            return 0;
        }

        instants[0] = Utc(local - _offsetBefore);
        instants[1] = Utc(local - _offsetAfter);
        return 2;
    }

    private bool HasTransition => _transition != long.MaxValue;

    // The wall clock reads ClockBefore just before the transition and ClockAfter at it; the
    // times between them are skipped (clock forward) or shown twice (clock back).
    private long ClockBefore => _transition + _offsetBefore;

    private long ClockAfter => _transition + _offsetAfter;

    private static DateTimeOffset Utc(long ticks) => new(ticks, TimeSpan.Zero);

    // Offsets change on whole seconds, so bisecting on seconds finds the exact instant.
    private static long FindTransition(TimeZoneInfo zone, long from, long to)
    {
        var before = zone.GetUtcOffset(new DateTime(from, DateTimeKind.Utc));
        var low = from;
        var high = to;
        while (high - low > TimeSpan.TicksPerSecond)
        {
            var middle = low + ((high - low) / TimeSpan.TicksPerSecond / 2 * TimeSpan.TicksPerSecond);
            if (zone.GetUtcOffset(new DateTime(middle, DateTimeKind.Utc)) == before)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        return high;
    }
}
