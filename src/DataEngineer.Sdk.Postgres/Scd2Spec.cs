namespace DataEngineer.Sdk.Postgres;

/// <summary>
/// A slowly changing dimension of type 2: one row per version of each natural key, with the time range it was
/// valid and whether it is the current one. The table holds at least the key, the tracked columns and the three
/// validity columns; other columns (a surrogate key with a default, say) are left to their defaults.
/// </summary>
/// <param name="Table">The dimension, e.g. <c>warehouse.dim_customers</c>.</param>
/// <param name="Key">The natural key columns, e.g. <c>["customer_id"]</c>.</param>
/// <param name="Tracked">The columns whose change starts a new version, e.g. <c>["email", "city"]</c>.</param>
/// <example><code>
/// CREATE TABLE warehouse.dim_customers (
///     customer_sk bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
///     customer_id bigint NOT NULL, email text, city text,
///     valid_from timestamptz NOT NULL, valid_to timestamptz NOT NULL, is_current boolean NOT NULL);
///
/// new Scd2Spec("warehouse.dim_customers", ["customer_id"], ["email", "city"])
/// </code></example>
public sealed record Scd2Spec(string Table, IReadOnlyList<string> Key, IReadOnlyList<string> Tracked)
{
    /// <summary>A dimension for <paramref name="dataset"/>'s table that keeps its data contract, if it declares one (see <see cref="Dataset"/>).</summary>
    /// <param name="dataset">The dataset, as declared in the DAG.</param>
    /// <param name="key">The natural key columns.</param>
    /// <param name="tracked">The columns whose change starts a new version.</param>
    public Scd2Spec(Dataset dataset, IReadOnlyList<string> key, IReadOnlyList<string> tracked)
        : this((dataset ?? throw new ArgumentNullException(nameof(dataset))).Name, key, tracked) => Dataset = dataset;

    /// <summary>
    /// The dataset the table is, when it declares a <see cref="Dataset.Contract"/>: the load verifies it inside its
    /// transaction, after writing and before committing, so a load that breaks the contract leaves the dimension as it
    /// was. Its name must be <see cref="Table"/>.
    /// </summary>
    public Dataset? Dataset { get; init; }

    /// <summary>When a version became valid (default <c>valid_from</c>): the data interval start of the run that loaded it.</summary>
    public string ValidFrom { get; init; } = "valid_from";

    /// <summary>When it stopped being valid (default <c>valid_to</c>); <c>infinity</c> while it is current.</summary>
    public string ValidTo { get; init; } = "valid_to";

    /// <summary>True on the one current version of each key (default <c>is_current</c>).</summary>
    public string IsCurrent { get; init; } = "is_current";
}
