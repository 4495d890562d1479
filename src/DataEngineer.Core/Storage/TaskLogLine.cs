using System.Globalization;

namespace DataEngineer.Core.Storage;

/// <summary>One line of a task try's log.</summary>
public sealed record TaskLogLine(DateTimeOffset At, string Level, string Message)
{
    /// <summary>The line as plain text, as <c>tasks logs</c> prints it and the try page downloads it: UTC time, level, message.</summary>
    public string ToText() => string.Create(CultureInfo.InvariantCulture, $"{At.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ} {Level,-11} {Message}");
}
