using System.Globalization;
using System.Text.RegularExpressions;

namespace DataEngineer.Host.Settings;

/// <summary>An age such as 90d, 12h, 30m or 2w (minutes, hours, days, weeks; 1 to 99999 of them), or unset.</summary>
internal sealed partial class AgeAttribute(string fix) : SettingAttribute(fix)
{
    public override bool IsValid(object? value) => value is not string text || string.IsNullOrWhiteSpace(text) || Parse(text) is not null;

    /// <summary>The age, or null when <paramref name="text"/> is not one.</summary>
    public static TimeSpan? Parse(string text) =>
        Age().Match(text.Trim()) is { Success: true } m && int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) && amount is > 0 and < 100_000
            ? m.Groups[2].Value switch
            {
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                "d" => TimeSpan.FromDays(amount),
                _ => TimeSpan.FromDays(7.0 * amount),
            }
            : null;

    [GeneratedRegex("^([0-9]+)([mhdw])$")]
    private static partial Regex Age();
}
