namespace DataEngineer.Sdk.Postgres;

/// <summary>What quality checks look at: a table, or a query whose rows are checked as if they were a table.</summary>
public sealed record CheckTarget
{
    private CheckTarget(string from, string display, IReadOnlyDictionary<string, object?> parameters)
    {
        From = from;
        Display = display;
        Parameters = parameters;
    }

    /// <summary>The FROM item the checks read, aliased <c>t</c>.</summary>
    internal string From { get; }

    /// <summary>How results name the target.</summary>
    public string Display { get; }

    internal IReadOnlyDictionary<string, object?> Parameters { get; }

    /// <summary>A table, e.g. <c>warehouse.fact_orders</c> (validated and quoted).</summary>
    /// <exception cref="InvalidIdentifierException">The name is not a plain, optionally schema-qualified identifier.</exception>
    public static CheckTarget Table(string name) => new($"{SqlIdentifier.Table(name, "check target")} AS t", name, new Dictionary<string, object?>());

    /// <summary>
    /// The rows of a query you write, e.g. the orders one run loaded:
    /// <c>CheckTarget.Query("loaded orders", "SELECT * FROM warehouse.fact_orders WHERE order_id = ANY(@ids)", new() { ["ids"] = ids })</c>.
    /// Parameters are passed as parameters; the query text is yours and is not validated.
    /// </summary>
    public static CheckTarget Query(string display, string sql, IReadOnlyDictionary<string, object?>? parameters = null) =>
        new($"({sql}) AS t", display, parameters ?? new Dictionary<string, object?>());
}
