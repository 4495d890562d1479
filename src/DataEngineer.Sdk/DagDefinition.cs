namespace DataEngineer.Sdk;

/// <summary>A built DAG: what <see cref="Dag.Build"/> returns and the engine validates and runs.</summary>
public sealed record DagDefinition
{
    /// <summary>The DAG id.</summary>
    public required string Id { get; init; }

    /// <summary>The class that defined the DAG, named in errors.</summary>
    public required Type DagType { get; init; }

    /// <summary>The DAG's options.</summary>
    public required DagOptions Options { get; init; }

    /// <summary>The run conf's params type, or null when the DAG takes no params.</summary>
    public Type? ParamsType { get; init; }

    /// <summary>Tasks in the order they were defined (may contain duplicates until validated).</summary>
    public required IReadOnlyList<TaskDefinition> Tasks { get; init; }

    /// <summary>The ids of the DAG's task groups in definition order (may contain duplicates until validated).</summary>
    public IReadOnlyList<string> Groups { get; init; } = [];
}
