namespace DataEngineer.Sdk.Postgres;

/// <summary>Where a SQL task runs and what it binds besides the run's values.</summary>
/// <example><code>new SqlTaskOptions { Connection = "Warehouse", Parameters = new Dictionary&lt;string, object?&gt; { ["min_amount"] = 10m } }</code></example>
public sealed record SqlTaskOptions
{
    /// <summary>The connection string's name (<c>ConnectionStrings:{name}</c>, default <c>Warehouse</c>).</summary>
    public string Connection { get; init; } = "Warehouse";

    /// <summary>
    /// More values bound by name (<c>@min_amount</c>). They override the run's params of the same name; the run's
    /// own values (<c>@logical_date</c>, ...) cannot be overridden.
    /// </summary>
    public IReadOnlyDictionary<string, object?> Parameters { get; init; } = new Dictionary<string, object?>();

    /// <summary>How long the statements may run before they are cancelled (default: until the task's execution timeout).</summary>
    public TimeSpan? CommandTimeout { get; init; }
}
