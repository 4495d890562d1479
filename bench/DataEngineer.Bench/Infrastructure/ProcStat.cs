namespace DataEngineer.Bench.Infrastructure;

/// <summary>The fields of /proc/PID/stat the CPU meter needs, in clock ticks.</summary>
public sealed record ProcStat(int ParentPid, long User, long System, long ChildrenUser, long ChildrenSystem);
