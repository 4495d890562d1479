namespace DataEngineer.Core.Storage;

/// <summary>What the metadata store knows of a DAG: the loaded version's facts, and whether it is paused.</summary>
public sealed record DagRecord
{
    public required string DagId { get; init; }
    public required string Version { get; init; }
    public string? Schedule { get; init; }
    public string TimeZone { get; init; } = "UTC";
    public string? Description { get; init; }
    public string? Owner { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public bool IsPaused { get; init; }

    /// <summary>False once no loaded source defines the DAG any more (its file was removed): no new runs are created.</summary>
    public bool IsActive { get; init; } = true;
    public required DateTimeOffset LastSeenAt { get; init; }
}
