using System.Globalization;

namespace DataEngineer.Core.Tests.Scheduling;

/// <summary>Writes and reads instants as ISO 8601 UTC text so expected values read like the docs.</summary>
internal static class Iso
{
    public static DateTimeOffset At(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    // A non-UTC offset prints in full so a test expecting UTC text fails on it.
    public static string Format(DateTimeOffset? instant) => instant is { } value
        ? value.ToString(value.Offset == TimeSpan.Zero ? "yyyy-MM-ddTHH:mm:ssZ" : "O", CultureInfo.InvariantCulture)
        : "none";

    public static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);
}
