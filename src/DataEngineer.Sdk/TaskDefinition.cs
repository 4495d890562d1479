namespace DataEngineer.Sdk;

/// <summary>
/// One task of a built DAG: its id, what it depends on and receives, its options and the code to run.
/// Produced by <see cref="DagBuilder"/>; read by the engine.
/// </summary>
public sealed record TaskDefinition
{
    /// <summary>The task id, unique within the DAG.</summary>
    public required string Id { get; init; }

    /// <summary>Normal task, branch or approval.</summary>
    public TaskKind Kind { get; init; } = TaskKind.Normal;

    /// <summary>Upstream tasks whose return values are this task's arguments, in argument order.</summary>
    public IReadOnlyList<TaskInput> Inputs { get; init; } = [];

    /// <summary>Every direct upstream task id: the inputs' tasks and explicit ordering.</summary>
    public IReadOnlyList<string> Upstream { get; init; } = [];

    /// <summary>The type of the return value, or null for a task that returns nothing.</summary>
    public Type? OutputType { get; init; }

    /// <summary>The task's own options, before the DAG's defaults are applied.</summary>
    public TaskOptions Options { get; init; } = new();

    /// <summary>For an approval task: what it asks and how it times out; null for other tasks.</summary>
    public ApprovalOptions? Approval { get; init; }

    /// <summary>Runs the task: the context and the input values in <see cref="Inputs"/> order; returns the output.</summary>
    public required Func<TaskContext, IReadOnlyList<object?>, Task<object?>> Invoke { get; init; }

    /// <summary>For a mapped task (<see cref="DagBuilder.Map{T, TOut}(string, TaskRef{IReadOnlyList{T}}, Func{TaskContext, T, TOut}, TaskOptions?)"/>): how one instance runs; null otherwise.</summary>
    public TaskMapping? Mapping { get; init; }
}
