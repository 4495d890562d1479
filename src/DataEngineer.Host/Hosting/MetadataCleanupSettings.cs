using System.Globalization;
using System.Text.RegularExpressions;
using DataEngineer.Core.Scheduling;
using DataEngineer.Host.Cli;
using Microsoft.Extensions.Configuration;

namespace DataEngineer.Host.Hosting;

/// <summary>
/// The scheduled <c>db clean</c>: <c>DataEngineer:Cleanup:OlderThan</c> (an age: 90d, 12h, 30m, 2w; unset = off),
/// <c>DataEngineer:Cleanup:Schedule</c> (a cron expression or preset, UTC; default <c>@daily</c>) and
/// <c>DataEngineer:Cleanup:KeepLast</c> (each DAG's latest runs kept, default 1). A value that cannot be read is an
/// error naming the key.
/// </summary>
internal sealed partial record MetadataCleanupSettings(TimeSpan OlderThan, Timetable Schedule, int KeepLast)
{
    private const string OlderThanKey = "DataEngineer:Cleanup:OlderThan";
    private const string ScheduleKey = "DataEngineer:Cleanup:Schedule";
    private const string KeepLastKey = "DataEngineer:Cleanup:KeepLast";

    /// <summary>The settings, or null when <c>DataEngineer:Cleanup:OlderThan</c> is not set (no scheduled cleanup).</summary>
    /// <exception cref="CliError">A value cannot be read.</exception>
    public static MetadataCleanupSettings? Read(IConfiguration configuration)
    {
        var olderThan = configuration[OlderThanKey];
        if (string.IsNullOrWhiteSpace(olderThan))
        {
            return null;
        }

        var age = Age().Match(olderThan.Trim()) is { Success: true } m && int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) && amount is > 0 and < 100_000
            ? m.Groups[2].Value switch
            {
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                "d" => TimeSpan.FromDays(amount),
                _ => TimeSpan.FromDays(7.0 * amount),
            }
            : throw new CliError($"{OlderThanKey} is '{olderThan}'; set an age such as 90d, 12h, 30m or 2w (metadata older than that is deleted on each scheduled clean).");

        var scheduleText = configuration[ScheduleKey] is { Length: > 0 } configured ? configured : "@daily";
        Timetable schedule;
        try
        {
            schedule = Timetable.Create(scheduleText, "UTC", DateTime.UnixEpoch, endDate: null);
        }
        catch (ScheduleException e)
        {
            throw new CliError($"{ScheduleKey} is '{scheduleText}': {e.Message}");
        }

        if (schedule is not CronTimetable)
        {
            throw new CliError($"{ScheduleKey} is '{scheduleText}'; set a recurring cron expression or preset such as '@daily' or '0 3 * * *' (UTC).");
        }

        var keepText = configuration[KeepLastKey];
        var keep = string.IsNullOrWhiteSpace(keepText) ? 1
            : int.TryParse(keepText, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 10_000 ? n
            : throw new CliError($"{KeepLastKey} is '{keepText}'; set a number of runs between 1 and 10000 (each DAG's latest run is always kept).");
        return new MetadataCleanupSettings(age, schedule, keep);
    }

    [GeneratedRegex("^([0-9]+)([mhdw])$")]
    private static partial Regex Age();
}
