namespace DataEngineer.Postgres.Local;

/// <summary>Reads the server log that pg_ctl appends to, to explain a failed start.</summary>
internal static class ServerLog
{
    private const int TailLines = 20;
    private const int TailBytes = 64 * 1024;

    public static long Length(string logFile) => File.Exists(logFile) ? new FileInfo(logFile).Length : 0;

    /// <summary>What the server wrote after <paramref name="offset"/>: this start's lines, not an earlier one's.</summary>
    public static string ReadFrom(string logFile, long offset)
    {
        if (!File.Exists(logFile))
        {
            return "";
        }

        using var stream = new FileStream(logFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        stream.Seek(Math.Min(offset, stream.Length), SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The last few kilobytes: the log grows across starts and is never rotated.</summary>
    public static string ReadEnd(string logFile) => ReadFrom(logFile, Math.Max(0, Length(logFile) - TailBytes));

    public static string Tail(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return string.Join('\n', lines.Skip(Math.Max(0, lines.Length - TailLines)));
    }

    // The cluster is initialized with locale C, so the server logs the C library's English message.
    public static bool ReportsPortTaken(string text) => text.Contains("Address already in use", StringComparison.Ordinal);
}
