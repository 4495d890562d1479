namespace DataEngineer.Sdk.Postgres;

/// <summary>
/// Whether PostgreSQL can EXPLAIN a statement: queries and data changes (<c>SELECT</c>, <c>WITH</c>, <c>VALUES</c>,
/// <c>TABLE</c>, <c>INSERT</c>, <c>UPDATE</c>, <c>DELETE</c>, <c>MERGE</c>). DDL, <c>COPY</c>, <c>CALL</c> and the rest are run unexplained.
/// </summary>
internal static class ExplainableStatement
{
    private static readonly string[] Keywords = ["SELECT", "WITH", "VALUES", "TABLE", "INSERT", "UPDATE", "DELETE", "MERGE"];

    public static bool Is(string statement)
    {
        var i = 0;
        while (i < statement.Length)
        {
            if (char.IsWhiteSpace(statement[i]) || statement[i] == '(')
            {
                i++;
            }
            else if (statement.AsSpan(i).StartsWith("--"))
            {
                var end = statement.IndexOf('\n', i);
                i = end < 0 ? statement.Length : end + 1;
            }
            else if (statement.AsSpan(i).StartsWith("/*"))
            {
                var end = statement.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? statement.Length : end + 2;
            }
            else
            {
                break;
            }
        }

        var word = new string([.. statement.Skip(i).TakeWhile(char.IsLetter)]);
        return Keywords.Contains(word, StringComparer.OrdinalIgnoreCase);
    }
}
