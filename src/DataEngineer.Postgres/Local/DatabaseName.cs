using System.Text.RegularExpressions;

namespace DataEngineer.Postgres.Local;

/// <summary>Database names we accept, so one can be spliced into CREATE DATABASE safely.</summary>
internal static partial class DatabaseName
{
    /// <summary>The name as a quoted identifier; throws <see cref="ArgumentException"/> for anything else.</summary>
    public static string Quote(string name)
    {
        if (name is null || !Pattern().IsMatch(name))
        {
            throw new ArgumentException(
                $"'{name}' is not a valid database name: use 1 to 63 lowercase ASCII letters, digits or underscores, starting with a letter or underscore.",
                nameof(name));
        }

        // Valid names can still be keywords (e.g. "user"), which only parse quoted.
        return $"\"{name}\"";
    }

    // \z rather than $: $ also matches before a trailing newline.
    [GeneratedRegex(@"^[a-z_][a-z0-9_]{0,62}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
