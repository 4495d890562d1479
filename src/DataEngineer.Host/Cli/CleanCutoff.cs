using System.Globalization;
using System.Text.RegularExpressions;

namespace DataEngineer.Host.Cli;

/// <summary>
/// Reads <c>db clean --older-than</c>: an age (<c>90d</c>, <c>12h</c>, <c>30m</c>, <c>2w</c>) counted back from now, a
/// date (<c>2024-01-31</c>, midnight UTC) or an ISO 8601 instant. The cutoff must lie in the past.
/// </summary>
internal static partial class CleanCutoff
{
    private const string Forms = "give an age such as 90d, 12h, 30m or 2w, a date such as 2024-01-31 (midnight UTC), or an ISO 8601 instant such as 2024-01-31T06:00:00Z";

    public static DateTimeOffset Parse(string text, DateTimeOffset now)
    {
        var cutoff = Age().Match(text.Trim()) is { Success: true } age && int.TryParse(age.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) && amount > 0
            ? Before(now, amount, age.Groups[2].Value[0], text)
            : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
                : text.Contains('T', StringComparison.Ordinal) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
                    ? instant.ToUniversalTime()
                    : throw new CliError($"--older-than '{text}' is not an age or a date: {Forms}.");
        return cutoff < now
            ? cutoff
            : throw new CliError($"--older-than '{text}' is {cutoff:yyyy-MM-ddTHH:mm:ssZ}, not in the past: everything finished would go. {char.ToUpperInvariant(Forms[0])}{Forms[1..]}.");
    }

    private static DateTimeOffset Before(DateTimeOffset now, int amount, char unit, string text)
    {
        var age = unit switch
        {
            'm' => TimeSpan.FromMinutes(amount),
            'h' => TimeSpan.FromHours(amount),
            'd' => TimeSpan.FromDays(amount),
            _ => TimeSpan.FromDays(7.0 * amount),
        };
        return age < now - DateTimeOffset.UnixEpoch
            ? now - age
            : throw new CliError($"--older-than '{text}' reaches back before 1970: {Forms}.");
    }

    [GeneratedRegex(@"^([0-9]{1,7})([mhdw])\z", RegexOptions.CultureInvariant)]
    private static partial Regex Age();
}
