namespace DataEngineer.Sdk.Postgres;

/// <summary>
/// Splits a script into its statements at top-level semicolons, skipping those inside quotes, quoted identifiers,
/// dollar-quoted bodies and comments, so each statement runs (and reports its errors) on its own line numbers.
/// </summary>
internal static class SqlStatements
{
    /// <summary>The statements with their start offset in <paramref name="script"/>; comment-only pieces are dropped.</summary>
    public static IReadOnlyList<(string Text, int Start)> Split(string script)
    {
        var statements = new List<(string, int)>();
        var start = 0;
        var content = false;
        var i = 0;
        while (i < script.Length)
        {
            var c = script[i];
            var next = i + 1 < script.Length ? script[i + 1] : '\0';
            if (c == '-' && next == '-')
            {
                i = EndOf(script, "\n", i + 2);
            }
            else if (c == '/' && next == '*')
            {
                i = SkipBlockComment(script, i);
            }
            else if (c is '\'' or '"')
            {
                content = true;
                i = SkipQuoted(script, i, c, backslashEscapes: c == '\'' && i > 0 && script[i - 1] is 'E' or 'e');
            }
            else if (c == '$' && DollarTag(script, i) is { } tag)
            {
                content = true;
                i = EndOf(script, tag, i + tag.Length);
            }
            else if (c == ';')
            {
                if (content)
                {
                    statements.Add((script[start..i], start));
                }

                start = i + 1;
                content = false;
                i++;
            }
            else
            {
                content |= !char.IsWhiteSpace(c);
                i++;
            }
        }

        if (content)
        {
            statements.Add((script[start..], start));
        }

        return statements;
    }

    private static int EndOf(string script, string end, int from)
    {
        var at = script.IndexOf(end, from, StringComparison.Ordinal);
        return at < 0 ? script.Length : at + end.Length;
    }

    private static int SkipBlockComment(string script, int i)
    {
        var depth = 0;
        while (i < script.Length)
        {
            if (script[i] == '/' && i + 1 < script.Length && script[i + 1] == '*')
            {
                depth++;
                i += 2;
            }
            else if (script[i] == '*' && i + 1 < script.Length && script[i + 1] == '/')
            {
                i += 2;
                if (--depth == 0)
                {
                    return i;
                }
            }
            else
            {
                i++;
            }
        }

        return i;
    }

    private static int SkipQuoted(string script, int i, char quote, bool backslashEscapes)
    {
        for (i++; i < script.Length; i++)
        {
            if (backslashEscapes && script[i] == '\\')
            {
                i++;
            }
            else if (script[i] == quote)
            {
                if (i + 1 < script.Length && script[i + 1] == quote)
                {
                    i++;
                }
                else
                {
                    return i + 1;
                }
            }
        }

        return i;
    }

    // $$ or $tag$ where tag is an identifier; a $1 placeholder is not a tag.
    private static string? DollarTag(string script, int i)
    {
        var end = i + 1;
        while (end < script.Length && (char.IsLetterOrDigit(script[end]) || script[end] == '_'))
        {
            end++;
        }

        return end < script.Length && script[end] == '$' && (end == i + 1 || !char.IsDigit(script[i + 1])) ? script[i..(end + 1)] : null;
    }
}
