namespace DataEngineer.Sdk;

/// <summary>How long a dataset keeps its rows: rows whose <paramref name="Column"/> is older than <paramref name="KeepFor"/> are deleted by a scheduled maintenance task.</summary>
/// <param name="Column">A date or timestamp column, e.g. <c>order_date</c>.</param>
/// <param name="KeepFor">How long rows are kept, e.g. 400 days.</param>
public sealed record RetentionPolicy(string Column, TimeSpan KeepFor)
{
    /// <summary>The connection string name (<c>ConnectionStrings:{name}</c>) of the database holding the dataset (default <c>Warehouse</c>).</summary>
    public string Connection { get; init; } = "Warehouse";
}
