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

    /// <summary>A dataset is older than its freshness SLA; recorded once, resolved when it is fresh again.</summary>
    public const string FreshnessBreach = "freshness_breach";
}
