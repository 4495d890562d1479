namespace DataEngineer.Host.Settings;

/// <summary>A trace viewer's absolute http(s) address with <c>{traceId}</c> (and optionally <c>{spanId}</c>) where the ids go, or unset.</summary>
internal sealed class TraceUrlAttribute(string fix) : SettingAttribute(fix)
{
    public override bool IsValid(object? value) => value is not string url || string.IsNullOrWhiteSpace(url)
        || (url.Contains("{traceId}", StringComparison.Ordinal)
            && Uri.TryCreate(url.Replace("{traceId}", "0", StringComparison.Ordinal).Replace("{spanId}", "0", StringComparison.Ordinal), UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps));
}
