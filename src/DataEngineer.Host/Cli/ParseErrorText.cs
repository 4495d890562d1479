using System.Text.RegularExpressions;

namespace DataEngineer.Host.Cli;

/// <summary>
/// Rewords the parser's errors that name .NET types ("as expected type 'System.Int32'") into what
/// to type instead; other errors pass through unchanged.
/// </summary>
internal static partial class ParseErrorText
{
    public static string Describe(string message)
    {
        var match = TypeError().Match(message);
        if (!match.Success)
        {
            return message;
        }

        var (value, option, type) = (match.Groups["value"].Value, match.Groups["option"].Value, match.Groups["type"].Value);
        var wanted = type switch
        {
            _ when type.Contains("Int32", StringComparison.Ordinal) => $"a whole number from {int.MinValue} to {int.MaxValue}",
            _ when type.Contains("Int64", StringComparison.Ordinal) => "a whole number",
            _ when type.Contains("Double", StringComparison.Ordinal) || type.Contains("Decimal", StringComparison.Ordinal) => "a number",
            _ when type.Contains("Boolean", StringComparison.Ordinal) => "true or false",
            _ => "a value of the kind its --help shows",
        };
        return $"{option} '{value}' is not {wanted}.";
    }

    [GeneratedRegex("^Cannot parse argument '(?<value>.*)' for (?:option|argument|command) '(?<option>[^']*)' as expected type '(?<type>[^']*)'\\.?$", RegexOptions.Singleline)]
    private static partial Regex TypeError();
}
