namespace DataEngineer.Sdk;

/// <summary>What a try saw of a dataset after writing it; recorded with the try when it succeeds.</summary>
public sealed record DatasetObservation
{
    /// <summary>The dataset, with its SLA and anomaly options.</summary>
    public required Dataset Dataset { get; init; }

    /// <summary>Rows in the table after the write.</summary>
    public required long RowCount { get; init; }

    /// <summary>Rows this try inserted or changed.</summary>
    public required long RowsWritten { get; init; }

    /// <summary>The maximum of <see cref="Dataset.FreshnessColumn"/>, when it has one and the table has rows.</summary>
    public DateTimeOffset? DataUpdatedAt { get; init; }

    /// <summary>The table's columns and types, in column order.</summary>
    public required IReadOnlyList<DatasetColumn> Columns { get; init; }

    /// <summary>The table's total size on disk in bytes (indexes, TOAST and every partition included), when the helper measured it.</summary>
    public long? TotalBytes { get; init; }

    /// <summary>PostgreSQL's row estimate for the table (<c>pg_class.reltuples</c>); null before it was ever analyzed.</summary>
    public long? RowEstimate { get; init; }

    /// <summary>For each column in <see cref="Dataset.AcceptedValues"/>: the distinct values the table holds (sorted).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ColumnValues { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
}
