using System.Globalization;

namespace DataEngineer.Bench.Scenarios;

/// <summary>A process's memory as Linux accounts it: resident set, and the part of it private to the process (not shared libraries or mapped files others share).</summary>
public sealed record ProcessMemory(double RssMb, double PrivateMb, double AnonymousMb)
{
    /// <summary>Reads /proc/PID/status (VmRSS, RssAnon) and /proc/PID/smaps_rollup (Private_Clean + Private_Dirty).</summary>
    public static ProcessMemory Read(int pid)
    {
        var status = Fields(File.ReadAllLines($"/proc/{pid}/status"));
        var rollup = Fields(File.ReadAllLines($"/proc/{pid}/smaps_rollup"));
        return new ProcessMemory(status["VmRSS"] / 1024.0, (rollup["Private_Clean"] + rollup["Private_Dirty"]) / 1024.0, status["RssAnon"] / 1024.0);
    }

    // "Name:   1234 kB" -> Name -> 1234
    private static Dictionary<string, long> Fields(IEnumerable<string> lines) => lines
        .Select(l => l.Split(':', 2))
        .Where(p => p.Length == 2 && p[1].TrimEnd().EndsWith(" kB", StringComparison.Ordinal))
        .GroupBy(p => p[0].Trim())
        .ToDictionary(g => g.Key, g => long.Parse(g.First()[1].Trim()[..^3].Trim(), CultureInfo.InvariantCulture));
}
