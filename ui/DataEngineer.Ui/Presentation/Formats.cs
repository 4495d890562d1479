using System.Globalization;

namespace DataEngineer.Ui.Presentation;

/// <summary>How times and durations are shown: UTC, ISO-like, short.</summary>
public static class Formats
{
    public static string Time(DateTimeOffset? at) => at is { } t ? t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "Z" : "";

    public static string Duration(TimeSpan? duration) => duration switch
    {
        null => "",
        { TotalMilliseconds: < 1000 } d => $"{d.TotalMilliseconds:0} ms",
        { TotalMinutes: < 1 } d => $"{d.TotalSeconds:0.0} s",
        { TotalHours: < 1 } d => $"{(int)d.TotalMinutes} min {d.Seconds} s",
        var d => $"{(int)d.Value.TotalHours} h {d.Value.Minutes} min",
    };

    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
