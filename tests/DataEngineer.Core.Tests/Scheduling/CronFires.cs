using DataEngineer.Core.Scheduling;

namespace DataEngineer.Core.Tests.Scheduling;

/// <summary>Lists an expression's fire instants by chaining <see cref="CronExpression.NextAfter"/>.</summary>
internal static class CronFires
{
    public static string[] After(string expression, string zone, string after, int count)
    {
        var cron = CronExpression.Parse(expression);
        var fires = new string[count];
        DateTimeOffset? current = Iso.At(after);
        for (var i = 0; i < count; i++)
        {
            current = current is { } instant ? cron.NextAfter(instant, Iso.Zone(zone)) : null;
            fires[i] = Iso.Format(current);
        }

        return fires;
    }
}
