namespace DataEngineer.Core.Storage;

/// <summary>
/// One update of a dataset: a successful try of a task that declares the dataset in its writes (or recorded a
/// write of it). Dataset-scheduled DAGs consume these; each consuming DAG consumes an event at most once.
/// </summary>
public sealed record DatasetEvent
{
    /// <summary>Set by the store; increases with every event recorded.</summary>
    public long Id { get; init; }
    public required string Dataset { get; init; }
    public required string DagId { get; init; }
    public required string RunId { get; init; }
    public required string TaskId { get; init; }
    public required int TryNumber { get; init; }
    public required DateTimeOffset At { get; init; }
}
