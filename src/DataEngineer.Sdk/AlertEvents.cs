namespace DataEngineer.Sdk;

/// <summary>
/// The events an alert can be sent for. Combine them with <c>|</c> in <see cref="AlertOptions.On"/>;
/// an alert is sent once per event, whichever process sees it.
/// </summary>
[Flags]
public enum AlertEvents
{
    /// <summary>No alerts.</summary>
    None = 0,

    /// <summary>A task failed after its last try (on by default).</summary>
    Failure = 1,

    /// <summary>A try failed and the task will be retried (off by default).</summary>
    Retry = 2,

    /// <summary>A task succeeded after an earlier try of it failed.</summary>
    Recovery = 4,

    /// <summary>A run is still going after <see cref="DagOptions.ExpectedRunDuration"/>.</summary>
    LongRun = 8,

    /// <summary>A DAG could not be loaded (sent to the configured default recipients).</summary>
    ImportError = 16,

    /// <summary>A dataset was not refreshed within its freshness SLA.</summary>
    FreshnessBreach = 32,

    /// <summary>A data quality check failed.</summary>
    QualityFailure = 64,

    /// <summary>A task's row count is far from its usual range.</summary>
    RowCountAnomaly = 128,

    /// <summary>A table's columns changed from what the task saw before.</summary>
    SchemaDrift = 256,

    /// <summary>An approval task waits for a decision (on whenever a DAG has one): the alert links to the run page to decide on.</summary>
    ApprovalRequested = 512,

    /// <summary>A run is still going past <see cref="DagOptions.Deadline"/> (on whenever a DAG sets one); one alert per run.</summary>
    DeadlineMissed = 1024,
}
