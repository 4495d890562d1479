namespace DataEngineer.Sdk;

/// <summary>The outcome of one quality check, recorded with the try and shown per run (<c>checks list</c>).</summary>
public sealed record CheckResult
{
    /// <summary>The check's name, unique within the task, e.g. <c>not_null_customer_id</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Its kind: <c>not_null</c>, <c>unique</c>, <c>accepted_values</c>, <c>relationships</c>, <c>range</c>, <c>row_count</c>, <c>freshness</c> or <c>custom_sql</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>Whether a failure fails the task or only warns.</summary>
    public required CheckSeverity Severity { get; init; }

    /// <summary>The table or query checked.</summary>
    public required string Target { get; init; }

    /// <summary>How many rows failed; 0 means the check passed.</summary>
    public required long FailingCount { get; init; }

    /// <summary>At most 10 failing rows, each as a JSON object.</summary>
    public IReadOnlyList<string> Sample { get; init; } = [];

    /// <summary>Whether no row failed.</summary>
    public bool Passed => FailingCount == 0;
}
