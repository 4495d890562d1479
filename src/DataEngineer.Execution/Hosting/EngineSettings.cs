using DataEngineer.Core.Execution;
using DataEngineer.Core.Storage;

namespace DataEngineer.Execution.Hosting;

/// <summary>What the engine's roles are built from: the metadata database, the loaded DAGs and the role options.</summary>
public sealed record EngineSettings
{
    public required IMetadataStore Store { get; init; }

    /// <summary>The metadata database's connection string (Hangfire and Quartz live there too). A secret: never log it.</summary>
    public required string ConnectionString { get; init; }

    public required IDagRegistry Dags { get; init; }

    public TaskRuntimeOptions Runtime { get; init; } = new();

    public SchedulerOptions Scheduler { get; init; } = new();

    public WorkerOptions Worker { get; init; } = new();
}
