namespace DataEngineer.Sdk;

/// <summary>What a <see cref="TaskCallback"/> is told about the try that ended.</summary>
public sealed record TaskCallbackContext
{
    /// <summary>The DAG's id.</summary>
    public required string DagId { get; init; }

    /// <summary>The task's id.</summary>
    public required string TaskId { get; init; }

    /// <summary>The run's id.</summary>
    public required string RunId { get; init; }

    /// <summary>The run's logical date.</summary>
    public required DateTimeOffset LogicalDate { get; init; }

    /// <summary>The try that ended, 1 for the first.</summary>
    public required int TryNumber { get; init; }

    /// <summary>The most tries the task gets.</summary>
    public required int MaxTries { get; init; }

    /// <summary>How the try ended: <c>success</c>, <c>up_for_retry</c> or <c>failed</c>.</summary>
    public required string State { get; init; }

    /// <summary>The try's error, if it failed.</summary>
    public string? Error { get; init; }

    /// <summary>Signalled when the callback's timeout passes or the worker stops.</summary>
    public CancellationToken CancellationToken { get; init; }
}
