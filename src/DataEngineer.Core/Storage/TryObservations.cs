namespace DataEngineer.Core.Storage;

/// <summary>What one try observed of the data, recorded in one call.</summary>
public sealed record TryObservations
{
    public IReadOnlyList<DatasetWrite> Writes { get; init; } = [];
    public IReadOnlyList<CheckRecord> Checks { get; init; } = [];
    public IReadOnlyList<Watermark> Watermarks { get; init; } = [];
    public IReadOnlyList<QualityEvent> Events { get; init; } = [];
    public IReadOnlyList<StatementRecord> Statements { get; init; } = [];
}
