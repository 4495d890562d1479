namespace DataEngineer.Core.Storage;

/// <summary>A stored quality check result of one try; <see cref="SampleJson"/> is a JSON array of at most 10 failing rows.</summary>
public sealed record CheckRecord
{
    public required string DagId { get; init; }
    public required string RunId { get; init; }
    public required string TaskId { get; init; }
    public required int TryNumber { get; init; }
    public required string Name { get; init; }
    public required string Kind { get; init; }
    public required string Severity { get; init; }
    public required string Target { get; init; }
    public required long FailingCount { get; init; }
    public required string SampleJson { get; init; }
    public required DateTimeOffset At { get; init; }

    public bool Passed => FailingCount == 0;
}
