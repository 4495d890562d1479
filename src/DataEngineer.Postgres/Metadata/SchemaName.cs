using System.Text.RegularExpressions;

namespace DataEngineer.Postgres.Metadata;

/// <summary>Schema names we accept, so one can be spliced into SQL, which cannot take it as a parameter.</summary>
internal static partial class SchemaName
{
    /// <summary>Where the migration and store SQL name the schema.</summary>
    public const string Placeholder = "{schema}";

    public const string Rule = "1 to 63 lowercase ASCII letters, digits or underscores, starting with a letter or underscore (^[a-z_][a-z0-9_]{0,62}$), and not starting with 'pg_'";

    /// <summary>The name as a quoted identifier; throws <see cref="ArgumentException"/> for anything else.</summary>
    public static string Quote(string name)
    {
        // PostgreSQL reserves the pg_ prefix for system schemas and refuses to create one.
        if (name is null || !Pattern().IsMatch(name) || name.StartsWith("pg_", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{name}' is not a valid schema name: use {Rule}.", nameof(name));
        }

        // Valid names can still be keywords (e.g. "user"), which only parse quoted.
        return $"\"{name}\"";
    }

    /// <summary><paramref name="sql"/> with the quoted schema name in place of <see cref="Placeholder"/>.</summary>
    public static string Substitute(string sql, string quotedName) => sql.Replace(Placeholder, quotedName, StringComparison.Ordinal);

    // \z rather than $: $ also matches before a trailing newline.
    [GeneratedRegex(@"^[a-z_][a-z0-9_]{0,62}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
