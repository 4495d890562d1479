namespace DataEngineer.Sdk;

/// <summary>
/// One SQL statement a try ran, as the SQL helpers saw it: its text, how long it took, the rows it affected and the
/// plan PostgreSQL chose for it (<c>EXPLAIN (FORMAT JSON)</c>, estimated, taken just before the statement ran in the same
/// transaction). Recorded with the try, failed tries included, and compared with the same statement's history.
/// </summary>
public sealed record StatementObservation
{
    /// <summary>Where the statement came from, e.g. <c>sql/daily_sales.sql</c> or <c>inline SQL</c>.</summary>
    public required string Script { get; init; }

    /// <summary>Its position in the script, from 1.</summary>
    public required int Ordinal { get; init; }

    /// <summary>The statement's text (values are bound parameters, never part of it).</summary>
    public required string Sql { get; init; }

    /// <summary>How long the statement took to run, its plan not included.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>The rows it inserted, updated or deleted (0 for a query).</summary>
    public required long Rows { get; init; }

    /// <summary>The <c>EXPLAIN (FORMAT JSON)</c> output; null for a statement PostgreSQL cannot explain (DDL, <c>COPY</c>, ...).</summary>
    public string? PlanJson { get; init; }
}
