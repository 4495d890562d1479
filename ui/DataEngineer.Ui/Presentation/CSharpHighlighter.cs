using System.Text.RegularExpressions;

namespace DataEngineer.Ui.Presentation;

/// <summary>
/// Splits C# source into lines of coloured tokens for the code view: comments, string and character
/// literals (regular, verbatim, interpolated, raw), numbers and keywords. A display aid, not a parser:
/// anything it does not recognise stays plain text, and the text itself is never changed.
/// </summary>
public static partial class CSharpHighlighter
{
    public static IReadOnlyList<IReadOnlyList<CodeToken>> Lines(string source)
    {
        var lines = new List<IReadOnlyList<CodeToken>>();
        var line = new List<CodeToken>();
        foreach (var token in Tokens(source.Replace("\r\n", "\n", StringComparison.Ordinal)))
        {
            var parts = token.Text.Split('\n');
            for (var i = 0; i < parts.Length; i++)
            {
                if (i > 0)
                {
                    lines.Add(line);
                    line = [];
                }

                if (parts[i].Length > 0)
                {
                    line.Add(token with { Text = parts[i] });
                }
            }
        }

        lines.Add(line);
        return lines;
    }

    private static IEnumerable<CodeToken> Tokens(string source)
    {
        var at = 0;
        foreach (Match match in Token().Matches(source))
        {
            if (match.Index > at)
            {
                yield return new CodeToken(CodeTokenKind.Plain, source[at..match.Index]);
            }

            var kind = match.Groups["comment"].Success ? CodeTokenKind.Comment
                : match.Groups["string"].Success ? CodeTokenKind.String
                : match.Groups["number"].Success ? CodeTokenKind.Number
                : CodeTokenKind.Keyword;
            yield return new CodeToken(kind, match.Value);
            at = match.Index + match.Length;
        }

        if (at < source.Length)
        {
            yield return new CodeToken(CodeTokenKind.Plain, source[at..]);
        }
    }

    [GeneratedRegex("""
        (?<comment>/\*[\s\S]*?(\*/|\z)|//[^\n]*)
        |(?<string>\$*"{3,}[\s\S]*?("{3,}|\z)|\$?@\$?"(?:[^"]|"")*"|\$?"(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*')
        |(?<number>\b\d[\d_]*(\.\d+)?([eE][+-]?\d+)?[fFdDmMlLuU]*\b)
        |(?<keyword>\b(?:abstract|as|async|await|base|bool|break|byte|case|catch|char|class|const|continue|decimal|default|delegate|do|double
            |else|enum|event|explicit|extern|false|finally|fixed|float|for|foreach|get|goto|if|implicit|in|init|int|interface|internal|is|lock
            |long|namespace|new|null|object|operator|out|override|params|partial|private|protected|public|readonly|record|ref|required|return
            |sbyte|sealed|set|short|sizeof|static|string|struct|switch|this|throw|true|try|typeof|uint|ulong|unchecked|unsafe|ushort|using
            |var|virtual|void|volatile|when|where|while|yield)\b)
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 2000)]
    private static partial Regex Token();
}
