using Npgsql;

namespace DataEngineer.Sdk.Postgres;

/// <summary>PostgreSQL's error as a person reads it: the message, and the line and column of the script it points at, with that line.</summary>
internal static class SqlErrorText
{
    /// <param name="e">PostgreSQL's error.</param>
    /// <param name="script">The whole script.</param>
    /// <param name="statement">The statement that failed, with its start in the script.</param>
    /// <param name="prefix">Characters sent before the statement (an <c>EXPLAIN</c> prefix) that the error's position counts.</param>
    public static string Of(PostgresException e, string script, (string Text, int Start)? statement, int prefix = 0)
    {
        var text = $"{e.SqlState}: {e.MessageText}";
        var position = e.Position > prefix ? e.Position - prefix : 0;
        if (statement is var (sql, start))
        {
            // The position is 1-based within the failing statement; placeholders rewritten to $n may shift the column a little.
            var at = start + (position > 0 && position <= sql.Length ? position - 1 : sql.Length - sql.TrimStart().Length);
            var line = script.AsSpan(0, at).Count('\n') + 1;
            var lineStart = script.LastIndexOf('\n', Math.Max(0, at - 1)) + 1;
            if (at == 0 || script[at - 1] == '\n')
            {
                lineStart = at;
            }

            var lineEnd = script.IndexOf('\n', lineStart);
            var source = (lineEnd < 0 ? script[lineStart..] : script[lineStart..lineEnd]).Trim();
            text += position > 0
                ? $" (line {line}, column {at - lineStart + 1}: \"{source}\")"
                : $" (in the statement starting at line {line}: \"{source}\")";
        }

        if (e.Detail is { Length: > 0 } detail)
        {
            text += $". Detail: {detail}";
        }

        if (e.Hint is { Length: > 0 } hint)
        {
            text += $". Hint: {hint}";
        }

        return text;
    }
}
