namespace DataEngineer.Core.Governance;

/// <summary>
/// The secret values this process knows, masked as <c>***</c> wherever text leaves it (task logs, errors, alert
/// bodies, views, the audit log, the engine's own log): the passwords of connections and of the metadata database,
/// API keys, and the values of secret variables once read or written here. Process-wide on purpose, as Airflow's
/// masker is: a value learnt anywhere in the process must be masked everywhere in it. Values shorter than
/// <see cref="MinimumLength"/> are not registered (they would mask ordinary words).
/// </summary>
public static class SecretValues
{
    /// <summary>Shorter values are not masked in free text.</summary>
    public const int MinimumLength = 3;

    private static readonly Lock Gate = new();
    private static readonly HashSet<string> Values = new(StringComparer.Ordinal);
    private static string[] _longestFirst = [];

    /// <summary>Registers a secret so every masker of this process hides it from now on.</summary>
    public static void Add(string? value)
    {
        if (value is null || value.Length < MinimumLength || value == PiiMask.Hidden)
        {
            return;
        }

        lock (Gate)
        {
            if (Values.Add(value))
            {
                _longestFirst = [.. Values.OrderByDescending(v => v.Length).ThenBy(v => v, StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>Every registered secret, longest first (so a secret containing another is masked whole).</summary>
    public static IReadOnlyList<string> LongestFirst
    {
        get
        {
            lock (Gate)
            {
                return _longestFirst;
            }
        }
    }

    /// <summary>Replaces every registered secret in <paramref name="text"/> by <c>***</c>.</summary>
    public static string Mask(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var secret in LongestFirst)
        {
            text = text.Replace(secret, PiiMask.Hidden, StringComparison.Ordinal);
        }

        return text;
    }
}
