namespace DataEngineer.Host.Settings;

/// <summary>An absolute http or https URL (surrounding blanks allowed), or unset.</summary>
internal sealed class HttpUrlAttribute(string fix) : SettingAttribute(fix)
{
    public override bool IsValid(object? value) => value is not string text || string.IsNullOrWhiteSpace(text) || Parse(text) is not null;

    /// <summary>The URL, or null when <paramref name="text"/> is unset or not an absolute http(s) URL.</summary>
    public static Uri? Parse(string? text) =>
        !string.IsNullOrWhiteSpace(text) && Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url) && url.Scheme is "http" or "https" ? url : null;
}
