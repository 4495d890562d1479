namespace DataEngineer.Core.Governance;

/// <summary>
/// How a masked value is shown: <c>***</c>, or for an e-mail address its first character and its last domain
/// label (<c>jane.doe@example.com</c> -> <c>j***@***.com</c>), so an on-call reader can still tell addresses apart
/// from other values without seeing them.
/// </summary>
public static class PiiMask
{
    /// <summary>What stands in for a hidden value.</summary>
    public const string Hidden = "***";

    /// <summary>The masked form of <paramref name="value"/>.</summary>
    public static string Of(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var at = value.IndexOf('@', StringComparison.Ordinal);
        var dot = value.LastIndexOf('.');
        var looksLikeEmail = at > 0 && dot > at + 1 && dot < value.Length - 1 && !value.Any(char.IsWhiteSpace);
        return looksLikeEmail ? $"{value[0]}{Hidden}@{Hidden}{value[dot..]}" : Hidden;
    }

    /// <summary>Whether <paramref name="value"/> is already a mask (masking it again changes nothing).</summary>
    public static bool IsMasked(string value) => value.Contains(Hidden, StringComparison.Ordinal);
}
