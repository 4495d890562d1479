namespace DataEngineer.Core.Governance;

/// <summary>
/// Names of keys whose values are secrets, as Airflow's secrets masker decides: a run-conf or params key, a JSON
/// property, a structured-log property or a <c>name=value</c> pair whose name contains one of <see cref="Words"/>
/// (ignoring case, <c>_</c>, <c>-</c> and <c>.</c>: <c>db_password</c>, <c>apiKey</c>, <c>X-Auth-Token</c>) has its
/// value shown as <c>***</c>.
/// </summary>
public static class SensitiveNames
{
    /// <summary>The words that make a name sensitive.</summary>
    public static IReadOnlyList<string> Words { get; } =
    [
        "password", "passwd", "passphrase", "secret", "token", "apikey", "privatekey", "accesskey", "authorization", "credential",
    ];

    /// <summary>Whether the value of a key named <paramref name="name"/> is a secret.</summary>
    public static bool IsSensitive(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var normalized = Normalize(name);
        return Words.Any(w => normalized.Contains(w, StringComparison.Ordinal));
    }

    private static string Normalize(string name) =>
        string.Concat(name.Where(c => c is not ('_' or '-' or '.'))).ToLowerInvariant();
}
