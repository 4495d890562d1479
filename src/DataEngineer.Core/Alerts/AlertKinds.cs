using DataEngineer.Sdk;

namespace DataEngineer.Core.Alerts;

/// <summary>The snake_case names of alert events, as stored, printed and sent in payloads.</summary>
public static class AlertKinds
{
    private static readonly Dictionary<AlertEvents, string> Names = new()
    {
        [AlertEvents.Failure] = "task_failed",
        [AlertEvents.Retry] = "task_retry",
        [AlertEvents.Recovery] = "task_recovered",
        [AlertEvents.LongRun] = "run_over_expected_duration",
        [AlertEvents.ImportError] = "dag_import_error",
        [AlertEvents.FreshnessBreach] = "freshness_sla_breach",
        [AlertEvents.QualityFailure] = "quality_check_failed",
        [AlertEvents.RowCountAnomaly] = "row_count_anomaly",
        [AlertEvents.SchemaDrift] = "schema_drift",
        [AlertEvents.ApprovalRequested] = "approval_requested",
        [AlertEvents.DeadlineMissed] = "deadline_missed",
    };

    public static string Name(AlertEvents kind) =>
        Names.TryGetValue(kind, out var name) ? name : throw new ArgumentException($"'{kind}' is not a single alert event.", nameof(kind));

    public static AlertEvents Parse(string name) =>
        Names.FirstOrDefault(n => n.Value == name) is { Value: not null } found
            ? found.Key
            : throw new ArgumentException($"'{name}' is not an alert event; known: {string.Join(", ", Names.Values)}.", nameof(name));
}
