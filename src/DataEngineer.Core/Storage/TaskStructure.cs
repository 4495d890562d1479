namespace DataEngineer.Core.Storage;

/// <summary>One task of a stored DAG version: its edges and resolved settings.</summary>
public sealed record TaskStructure
{
    public required string TaskId { get; init; }
    public required string Kind { get; init; }
    public IReadOnlyList<string> Upstream { get; init; } = [];
    public required string TriggerRule { get; init; }
    public int Retries { get; init; }
    public TimeSpan RetryDelay { get; init; }
    public bool RetryExponentialBackoff { get; init; }
    public TimeSpan MaxRetryDelay { get; init; }
    public TimeSpan? ExecutionTimeout { get; init; }
    public required string Queue { get; init; }
    public required string Pool { get; init; }
    public int PriorityWeight { get; init; }
    public string? OutputType { get; init; }

    /// <summary>Whether the task is mapped: one instance per element of a list known at run time (<c>task[0]</c>, <c>task[1]</c>, ...).</summary>
    public bool Mapped { get; init; }

    /// <summary>Names of the datasets the task declares it reads.</summary>
    public IReadOnlyList<string> Reads { get; init; } = [];

    /// <summary>Names of the datasets the task declares it writes.</summary>
    public IReadOnlyList<string> Writes { get; init; } = [];
}
