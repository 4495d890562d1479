namespace DataEngineer.Sdk.Postgres;

/// <summary>Where and how <see cref="TableLoader.LoadAsync{T}"/> loads rows.</summary>
/// <param name="Table">The target table, e.g. <c>warehouse.fact_orders</c>; it must exist.</param>
/// <param name="Columns">The columns each row fills, in the order the row's values come.</param>
public sealed record LoadSpec(string Table, IReadOnlyList<string> Columns)
{
    /// <summary>A load into <paramref name="dataset"/>'s table that keeps its data contract, if it declares one (see <see cref="Dataset"/>).</summary>
    /// <param name="dataset">The dataset, as declared in the DAG.</param>
    /// <param name="columns">The columns each row fills, in the order the row's values come.</param>
    public LoadSpec(Dataset dataset, IReadOnlyList<string> columns)
        : this((dataset ?? throw new ArgumentNullException(nameof(dataset))).Name, columns) => Dataset = dataset;

    /// <summary>
    /// The dataset the table is. The load records its write (rows written, row count, freshness, schema: see
    /// <see cref="PostgresDatasets.RecordDatasetAsync"/>; do not record it again), and when the dataset declares a
    /// <see cref="Dataset.Contract"/> verifies it inside its transaction, after writing and before committing (see
    /// <see cref="DataContracts.VerifyContractAsync"/>), so a load that breaks the contract leaves the table as it was.
    /// Its name must be <see cref="Table"/>.
    /// </summary>
    public Dataset? Dataset { get; init; }

    /// <summary>
    /// The key columns (required for <see cref="LoadMode.Upsert"/> and <see cref="LoadMode.AppendDedup"/>, optional for
    /// <see cref="LoadMode.Swap"/>); the table needs a unique index on them for Upsert.
    /// </summary>
    public IReadOnlyList<string> Key { get; init; } = [];

    /// <summary>Upsert (default), Swap or AppendDedup.</summary>
    public LoadMode Mode { get; init; } = LoadMode.Upsert;

    /// <summary>Whether the rows inserted and updated count in the try's rows written (default true; false for side tables such as rejects).</summary>
    public bool CountsAsRowsWritten { get; init; } = true;

    /// <summary>A high-water mark to advance once the load commits (see <see cref="IncrementalExtract"/>).</summary>
    public WatermarkAdvance? Watermark { get; init; }
}
