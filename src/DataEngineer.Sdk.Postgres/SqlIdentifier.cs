using System.Text.RegularExpressions;

namespace DataEngineer.Sdk.Postgres;

/// <summary>
/// Table and column names given to the helpers: validated (letters, digits and underscores, not starting with a
/// digit, at most 63 characters per part) and always double-quoted in the SQL they build, so a hostile name is an
/// error, never an injection.
/// </summary>
public static partial class SqlIdentifier
{
    /// <summary>Validates and quotes a column name, e.g. <c>customer_id</c> -> <c>"customer_id"</c>.</summary>
    /// <param name="name">The name.</param>
    /// <param name="where">Where it was given, for the error message (e.g. <c>check 'not_null' column</c>).</param>
    /// <exception cref="InvalidIdentifierException">The name is not a plain identifier.</exception>
    public static string Column(string name, string where) => Quote(Checked(name, where));

    /// <summary>Validates and quotes a table name, optionally schema-qualified: <c>warehouse.fact_orders</c> -> <c>"warehouse"."fact_orders"</c>.</summary>
    /// <exception cref="InvalidIdentifierException">A part is not a plain identifier, or there are more than two.</exception>
    public static string Table(string name, string where)
    {
        ArgumentNullException.ThrowIfNull(name);
        var parts = name.Split('.');
        if (parts.Length > 2)
        {
            throw Invalid(name, where);
        }

        return string.Join('.', parts.Select(p => Quote(Checked(p, where, name))));
    }

    private static string Checked(string part, string where, string? whole = null) =>
        part is not null && Plain().IsMatch(part) ? part : throw Invalid(whole ?? part, where);

    private static InvalidIdentifierException Invalid(string? name, string where) => new(
        $"{where}: '{name}' is not a valid SQL identifier. Use letters, digits and underscores, not starting with a digit, " +
        "at most 63 characters (a table may be qualified by its schema: schema.table).");

    private static string Quote(string part) => $"\"{part}\"";

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}$")]
    private static partial Regex Plain();
}
