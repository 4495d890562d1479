using System.Diagnostics;
using System.Globalization;

namespace DataEngineer.Postgres.Local;

/// <summary>The postmaster.pid of a server that is running on a data directory.</summary>
internal sealed record PostmasterPidFile(int Pid, int Port)
{
    /// <summary>The running postmaster of <paramref name="dataDirectory"/>, or null when none is alive.</summary>
    public static PostmasterPidFile? ReadLive(string dataDirectory)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(Path.Combine(dataDirectory, "postmaster.pid"));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        // Line 1 is the pid (negative for a single-user backend, which accepts no connections), line 4 the port.
        // A file still being written parses as absent; pg_ctl start then fails on the lock and the caller looks again.
        if (lines.Length < 4
            || !int.TryParse(lines[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            || !int.TryParse(lines[3], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            return null;
        }

        return IsRunning(pid) ? new PostmasterPidFile(pid, port) : null;
    }

    /// <summary>
    /// Whether <paramref name="pid"/> is a live postgres process: a stale file from a crash may name a pid that now
    /// belongs to an unrelated process, and an exited postmaster lingers as a zombie until someone reaps it.
    /// </summary>
    public static bool IsRunning(int pid)
    {
        if (!OperatingSystem.IsLinux())
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                return process.ProcessName is "postgres" or "postmaster";
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                return false;
            }
        }

        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return false;
        }

        // "<pid> (<name>) <state> ...": the name may itself contain parentheses, so take the last ')'.
        var nameStart = stat.IndexOf('(', StringComparison.Ordinal) + 1;
        var nameEnd = stat.LastIndexOf(')');
        if (nameStart <= 0 || nameEnd + 2 >= stat.Length)
        {
            return false;
        }

        return stat[nameStart..nameEnd] is "postgres" or "postmaster" && stat[nameEnd + 2] != 'Z';
    }
}
