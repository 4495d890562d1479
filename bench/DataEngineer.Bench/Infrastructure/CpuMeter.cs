using System.Globalization;

namespace DataEngineer.Bench.Infrastructure;

/// <summary>
/// CPU time, from Linux's /proc: this process's with its child processes (the child worker), the PostgreSQL
/// server's (postmaster and its backends), and the whole machine's busy and total time. A process's own time plus
/// its exited children's (which the kernel adds to the parent once reaped) plus its live children's covers the
/// tree. Elsewhere it reads zeros.
/// </summary>
public sealed class CpuMeter(int? postmasterPid)
{
    // /proc reports in USER_HZ, which is 100 on every Linux architecture .NET runs on.
    private const double TicksPerSecond = 100;

    private static bool Available => File.Exists("/proc/stat");

    public CpuSample Sample()
    {
        var (busy, total) = Machine();
        return new CpuSample(Tree(Environment.ProcessId), postmasterPid is { } postmaster ? Tree(postmaster) : TimeSpan.Zero, busy, total, LoadAverage());
    }

    private static (TimeSpan Busy, TimeSpan Total) Machine()
    {
        if (!Available)
        {
            return (TimeSpan.Zero, TimeSpan.Zero);
        }

        // "cpu  user nice system idle iowait irq softirq steal ...": idle and iowait are the not-busy parts.
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(long.Parse).ToArray();
        var total = fields.Sum();
        return (Ticks(total - fields[3] - fields[4]), Ticks(total));
    }

    private static double LoadAverage() => File.Exists("/proc/loadavg")
        ? double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture)
        : double.NaN;

    private static TimeSpan Tree(int root)
    {
        if (!Available)
        {
            return TimeSpan.Zero;
        }

        long ticks = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || ReadStat(pid) is not { } stat)
            {
                continue;
            }

            if (pid == root)
            {
                ticks += stat.User + stat.System + stat.ChildrenUser + stat.ChildrenSystem;
            }
            else if (stat.ParentPid == root)
            {
                ticks += stat.User + stat.System;
            }
        }

        return Ticks(ticks);
    }

    private static ProcStat? ReadStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            // The process exited between listing and reading.
            return null;
        }

        // The command name may hold spaces and parentheses: the fields start after the last ')'.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return new ProcStat(int.Parse(fields[1], CultureInfo.InvariantCulture), long.Parse(fields[11], CultureInfo.InvariantCulture),
            long.Parse(fields[12], CultureInfo.InvariantCulture), long.Parse(fields[13], CultureInfo.InvariantCulture), long.Parse(fields[14], CultureInfo.InvariantCulture));
    }

    private static TimeSpan Ticks(long ticks) => TimeSpan.FromSeconds(ticks / TicksPerSecond);
}
