using DataEngineer.Sdk;

namespace DataEngineer.Core.Storage;

/// <summary>One successful try's write of a dataset: its row count, the rows written, its freshness and schema.</summary>
public sealed record DatasetWrite
{
    public required string Dataset { get; init; }
    public required string DagId { get; init; }
    public required string RunId { get; init; }
    public required string TaskId { get; init; }
    public required int TryNumber { get; init; }
    public required DateTimeOffset At { get; init; }

    /// <summary>The run's logical date (for weekday-seasonal anomaly history).</summary>
    public required DateTimeOffset LogicalDate { get; init; }
    public required long RowCount { get; init; }
    public required long RowsWritten { get; init; }
    public DateTimeOffset? DataUpdatedAt { get; init; }
    public TimeSpan? FreshnessSla { get; init; }
    public IReadOnlyList<DatasetColumn> Columns { get; init; } = [];
    /// <summary>The table's total size on disk after the write (indexes, TOAST, partitions), when measured.</summary>
    public long? SizeBytes { get; init; }

    /// <summary>PostgreSQL's row estimate after the write (<c>pg_class.reltuples</c>), when known.</summary>
    public long? RowEstimate { get; init; }
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ColumnValues { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>The schema version the write had; set by the store (a new version when the columns changed).</summary>
    public int SchemaVersion { get; init; }
}
