namespace DataEngineer.Sdk;

/// <summary>
/// A table a task writes, declared once in the DAG and passed to the helpers that record it (see
/// <c>DataEngineer.Sdk.Postgres</c>). Each successful try that records it stores its row count, the rows
/// written, its freshness and a snapshot of its schema; between runs the engine compares them.
/// </summary>
/// <param name="Name">The table, e.g. <c>warehouse.fact_orders</c>: a schema-qualified name of letters, digits and underscores.</param>
public sealed record Dataset(string Name)
{
    /// <summary>
    /// A timestamp column whose maximum says how fresh the data is (e.g. <c>updated_at</c>). Unset: the dataset
    /// is as fresh as its last successful write.
    /// </summary>
    public string? FreshnessColumn { get; init; }

    /// <summary>
    /// The oldest the data may get, e.g. 26 hours. The scheduler checks it continuously, not only when a run
    /// happens; a breach is recorded once until the dataset is fresh again.
    /// </summary>
    public TimeSpan? FreshnessSla { get; init; }

    /// <summary>
    /// Columns whose values belong to a known set, e.g. <c>["status"] = ["placed", "shipped"]</c>. A value outside
    /// the set is recorded as drift with the values before and after.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> AcceptedValues { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>How the rows a try writes are compared with the task's recent history.</summary>
    public RowCountAnomalyOptions RowCountAnomaly { get; init; } = new();

    /// <summary>The team or person answerable for the data, for the catalog.</summary>
    public string? Owner { get; init; }

    /// <summary>What the dataset holds and what it is for, for the catalog.</summary>
    public string? Description { get; init; }

    /// <summary>Free-form labels for finding it in the catalog.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Its columns as documented: description, classification and, for a contract, type and nullability.</summary>
    public IReadOnlyList<DatasetColumnSpec> Columns { get; init; } = [];

    /// <summary>Whether writes are checked against <see cref="Columns"/> before they commit (default <see cref="ContractMode.None"/>).</summary>
    public ContractMode Contract { get; init; } = ContractMode.None;

    /// <summary>How long rows are kept (default forever).</summary>
    public RetentionPolicy? Retention { get; init; }

    /// <inheritdoc />
    public override string ToString() => Name;
}
