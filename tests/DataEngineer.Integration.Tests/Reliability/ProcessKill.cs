namespace DataEngineer.Integration.Tests.Reliability;

/// <summary>A kill -9 the suite did: which process, its role, and when.</summary>
public sealed record ProcessKill(int Pid, string Role, DateTimeOffset At)
{
    public override string ToString() => $"{Role} {Pid} at {At:HH:mm:ss.f}";
}
