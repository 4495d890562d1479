namespace DataEngineer.Core.Execution;

/// <summary>
/// The logical dates a run may have: from 1900 up to (not including) 9000. Outside it, interval
/// arithmetic would run off the end of the calendar, and no real data interval lies there.
/// </summary>
public static class LogicalDateRange
{
    public static readonly DateTimeOffset Min = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset Max = new(9000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <exception cref="LogicalDateException"><paramref name="date"/> lies outside the range.</exception>
    public static void Check(DateTimeOffset date, string what)
    {
        if (date < Min || date >= Max)
        {
            throw new LogicalDateException($"{what} {date.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} is outside the supported range {Min:yyyy-MM-dd} to {Max:yyyy-MM-dd}; give a date within it.");
        }
    }
}
