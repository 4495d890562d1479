namespace DataEngineer.Core.Scheduling;

/// <summary>What one of the five cron fields accepts.</summary>
/// <param name="Name">The field's name in error messages.</param>
/// <param name="Min">The smallest value.</param>
/// <param name="Max">The largest value.</param>
/// <param name="OpenEndMax">Where <c>*</c> and <c>a/n</c> stop, which differs from <paramref name="Max"/> only for day-of-week.</param>
/// <param name="ValueNames">Names accepted in place of numbers (case-insensitive), in value order.</param>
/// <param name="FirstNamedValue">The value the first name stands for.</param>
internal sealed record CronFieldSpec(
    string Name, int Min, int Max, int OpenEndMax, IReadOnlyList<string> ValueNames, int FirstNamedValue)
{
    public static CronFieldSpec Minute { get; } = new("minute", 0, 59, 59, [], 0);

    public static CronFieldSpec Hour { get; } = new("hour", 0, 23, 23, [], 0);

    public static CronFieldSpec DayOfMonth { get; } = new("day-of-month", 1, 31, 31, [], 0);

    public static CronFieldSpec Month { get; } = new(
        "month", 1, 12, 12, ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], 1);

    // 7 is accepted as a second Sunday (as in Vixie cron), but '*' and 'a/n' run over the real
    // week 0-6 so a step never lists Sunday twice.
    public static CronFieldSpec DayOfWeek { get; } = new(
        "day-of-week", 0, 7, 6, ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"], 0);
}
