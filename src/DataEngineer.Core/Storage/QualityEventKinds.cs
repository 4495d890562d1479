namespace DataEngineer.Core.Storage;

/// <summary>The kinds of <see cref="QualityEvent"/>.</summary>
public static class QualityEventKinds
{
    /// <summary>A quality check found failing rows (severity as declared).</summary>
    public const string CheckFailed = "check_failed";

    /// <summary>A try wrote a number of rows outside the range its history predicts; After holds the expected range.</summary>
    public const string RowCountAnomaly = "row_count_anomaly";

    /// <summary>A dataset's columns changed between writes (added, removed, type changed); Before/After are the column lists.</summary>
    public const string SchemaDrift = "schema_drift";

    /// <summary>A declared column holds values outside its accepted set; Before/After are the value sets.</summary>
    public const string NewValues = "new_values";

    /// <summary>A table's size on disk after a write is far outside its recent sizes; After holds the expected range.</summary>
    public const string TableSizeAnomaly = "table_size_anomaly";

    /// <summary>A SQL statement took far longer (or shorter) than its recent runs; After holds the expected range and its plan's costliest node.</summary>
    public const string StatementDurationAnomaly = "statement_duration_anomaly";

    /// <summary>A dataset is older than its freshness SLA; recorded once, resolved when it is fresh again.</summary>
    public const string FreshnessBreach = "freshness_breach";
}
