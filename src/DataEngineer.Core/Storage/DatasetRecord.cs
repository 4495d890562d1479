using DataEngineer.Sdk;

namespace DataEngineer.Core.Storage;

/// <summary>A dataset as of its latest write, with its SLA and any open freshness breach.</summary>
public sealed record DatasetRecord
{
    public required string Name { get; init; }
    public required string DagId { get; init; }
    public required string TaskId { get; init; }
    public required string LastRunId { get; init; }
    public required DateTimeOffset LastWrittenAt { get; init; }
    public DateTimeOffset? DataUpdatedAt { get; init; }
    public required long RowCount { get; init; }
    public TimeSpan? FreshnessSla { get; init; }
    public required int SchemaVersion { get; init; }
    public IReadOnlyList<DatasetColumn> Columns { get; init; } = [];
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ColumnValues { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>When the open freshness breach started; null when none is open.</summary>
    public DateTimeOffset? BreachedSince { get; init; }

    /// <summary>When the data was last updated: the freshness column's maximum, else the last write.</summary>
    public DateTimeOffset FreshAsOf => DataUpdatedAt ?? LastWrittenAt;
}
