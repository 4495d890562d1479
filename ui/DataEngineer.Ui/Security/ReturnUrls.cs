namespace DataEngineer.Ui.Security;

/// <summary>Where to go after logging in: only a path inside this site, never another host ("//evil", "https://...", "\\evil").</summary>
public static class ReturnUrls
{
    public static string Safe(string? url) =>
        !string.IsNullOrEmpty(url) && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
        && !url.Contains("://", StringComparison.Ordinal) && !url.StartsWith('\\') && Uri.IsWellFormedUriString(url, UriKind.Relative)
            ? "/" + url.TrimStart('/')
            : "/";
}
