namespace DataEngineer.Host.Hosting;

/// <summary>Which parts of the engine a process runs: <c>standalone</c> is all three.</summary>
[Flags]
internal enum EngineRoles
{
    Scheduler = 1,
    Worker = 2,
    Web = 4,
    Standalone = Scheduler | Worker | Web,
}
