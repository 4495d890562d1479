using System.Globalization;
using DataEngineer.Core.Execution;
using DataEngineer.Core.Validation;

namespace DataEngineer.Host.Cli;

/// <summary>Reads <c>--date</c>: a calendar date (midnight in the DAG's time zone) or an ISO 8601 instant.</summary>
internal static class RunDate
{
    public static DateTimeOffset Parse(string? text, DagGraph graph, TimeProvider time, string option = "--date")
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(graph.Options.TimeZone);
        if (string.IsNullOrWhiteSpace(text))
        {
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime);
            return AtMidnight(today, zone);
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return InRange(date.Year is > 1 and < 9999 ? AtMidnight(date, zone) : new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), option);
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant) && text.Contains('T', StringComparison.Ordinal))
        {
            return InRange(instant.ToUniversalTime(), option);
        }

        throw new CliError($"{option} '{text}' is not a date. Use YYYY-MM-DD (midnight in the DAG's time zone, {graph.Options.TimeZone}) " +
                           "or an ISO 8601 instant such as 2024-01-01T02:00:00Z.");
    }

    private static DateTimeOffset InRange(DateTimeOffset date, string option)
    {
        try
        {
            LogicalDateRange.Check(date, option);
            return date;
        }
        catch (LogicalDateException e)
        {
            throw new CliError(e.Message);
        }
    }

    private static DateTimeOffset AtMidnight(DateOnly date, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(TimeOnly.MinValue);
        // A midnight that does not exist (DST gap) moves to the first instant after the gap.
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
