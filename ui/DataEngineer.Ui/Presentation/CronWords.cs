using System.Globalization;

namespace DataEngineer.Ui.Presentation;

/// <summary>
/// A schedule in plain words for the common shapes (presets, every N minutes, hourly, daily, weekly,
/// monthly at a fixed time); anything else is shown as the cron expression itself, which the page also shows.
/// </summary>
public static class CronWords
{
    private static readonly string[] Days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

    public static string Describe(string? schedule, string timeZone)
    {
        var zone = timeZone == "UTC" ? "UTC" : timeZone;
        switch (schedule?.Trim())
        {
            case null or "":
                return "manual only";
            case "@once":
                return "once";
            case "@hourly":
                return "every hour";
            case "@daily":
                return $"every day at 00:00 {zone}";
            case "@weekly":
                return $"every Sunday at 00:00 {zone}";
            case "@monthly":
                return $"on day 1 of every month at 00:00 {zone}";
            case "@yearly":
                return $"every 1 January at 00:00 {zone}";
        }

        var f = schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length != 5)
        {
            return schedule;
        }

        var (minute, hour, dom, month, dow) = (f[0], f[1], f[2], f[3], f[4]);
        if (month != "*")
        {
            return schedule;
        }

        if (minute == "*" && hour == "*" && dom == "*" && dow == "*")
        {
            return "every minute";
        }

        if (minute.StartsWith("*/", StringComparison.Ordinal) && Number(minute[2..]) is { } step && hour == "*" && dom == "*" && dow == "*")
        {
            return $"every {step} minutes";
        }

        if (Number(minute) is not { } m)
        {
            return schedule;
        }

        if (hour == "*" && dom == "*" && dow == "*")
        {
            return m == 0 ? "every hour" : $"every hour at minute {m}";
        }

        if (Number(hour) is not { } h)
        {
            return schedule;
        }

        var at = $"at {h:00}:{m:00} {zone}";
        return (dom, dow) switch
        {
            ("*", "*") => $"every day {at}",
            ("*", "1-5") => $"every weekday {at}",
            ("*", _) when Number(dow) is { } d && d <= 7 => $"every {Days[d % 7]} {at}",
            (_, "*") when Number(dom) is { } day => $"on day {day} of every month {at}",
            _ => schedule,
        };
    }

    private static int? Number(string text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
