using DataEngineer.Core.Storage;

namespace DataEngineer.Ui.Presentation;

/// <summary>
/// The try page's log filters: a lowest level (a line's level is its <c>LogLevel</c> name, upper case) and a search
/// text matched anywhere in the message, ignoring case. Levels the page does not know (from an older writer) show at
/// every level.
/// </summary>
public static class LogView
{
    public const string AllLevels = "";

    private static readonly string[] Order = ["TRACE", "DEBUG", "INFORMATION", "WARNING", "ERROR", "CRITICAL"];

    /// <summary>The level filter's choices: value (the lowest level shown) and label.</summary>
    public static IReadOnlyList<(string Value, string Label)> Levels { get; } =
    [
        (AllLevels, "all levels"),
        ("INFORMATION", "information and above"),
        ("WARNING", "warnings and errors"),
        ("ERROR", "errors only"),
    ];

    /// <summary>The lines at <paramref name="lowest"/> or above whose message contains <paramref name="search"/>.</summary>
    public static IReadOnlyList<TaskLogLine> Filter(IReadOnlyList<TaskLogLine> lines, string? lowest, string? search)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var floor = Array.IndexOf(Order, lowest ?? AllLevels);
        var text = search?.Trim() ?? "";
        if (floor < 0 && text.Length == 0)
        {
            return lines;
        }

        return [.. lines.Where(l => (floor < 0 || Array.IndexOf(Order, l.Level) is var rank && (rank < 0 || rank >= floor))
            && (text.Length == 0 || l.Message.Contains(text, StringComparison.OrdinalIgnoreCase)))];
    }
}
