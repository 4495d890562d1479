using DataEngineer.Core.Execution;

namespace DataEngineer.Host.Hosting;

/// <summary>What a role command was asked for on the command line.</summary>
internal sealed record EngineHostOptions(EngineRoles Roles, WorkerOptions Worker, int Port);
