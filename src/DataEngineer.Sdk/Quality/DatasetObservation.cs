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

    /// <summary>For each column in <see cref="Dataset.AcceptedValues"/>: the distinct values the table holds (sorted).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ColumnValues { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
}
