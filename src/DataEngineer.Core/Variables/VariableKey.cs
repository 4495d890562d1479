using System.Text.RegularExpressions;

namespace DataEngineer.Core.Variables;

/// <summary>What a variable key may be: 1 to 250 letters, digits, <c>_</c>, <c>-</c> and <c>.</c> (it appears in URLs and commands).</summary>
public static partial class VariableKey
{
    public const int MaxLength = 250;

    /// <exception cref="ArgumentException">The key is empty, too long or has other characters; the message says what is allowed.</exception>
    public static string Check(string? key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > MaxLength || !Allowed().IsMatch(key))
        {
            throw new ArgumentException(
                $"The variable key '{key}' is not valid: use 1 to {MaxLength} letters, digits, '_', '-' and '.'.", nameof(key));
        }

        return key;
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]+$")]
    private static partial Regex Allowed();
}
