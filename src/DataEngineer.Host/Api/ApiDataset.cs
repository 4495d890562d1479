using DataEngineer.Core.Storage;
using DataEngineer.Sdk;
using DataEngineer.Ui.Presentation;

namespace DataEngineer.Host.Api;

/// <summary>A dataset as the REST API shows it: its latest write and freshness against its SLA (fresh, ageing, breached or none).</summary>
internal sealed record ApiDataset(
    string Name, string DagId, string TaskId, string LastRunId, DateTimeOffset LastWrittenAt, DateTimeOffset FreshAsOf, long RowCount,
    long? FreshnessSlaSeconds, string SlaState, DateTimeOffset? BreachedSince, int SchemaVersion, IReadOnlyList<DatasetColumn> Columns)
{
    public static ApiDataset Of(DatasetRecord dataset, DateTimeOffset now) => new(
        dataset.Name, dataset.DagId, dataset.TaskId, dataset.LastRunId, dataset.LastWrittenAt, dataset.FreshAsOf, dataset.RowCount,
        (long?)dataset.FreshnessSla?.TotalSeconds, StateOf(DatasetFreshness.Of(dataset, now).Level), dataset.BreachedSince, dataset.SchemaVersion,
        dataset.Columns);

    private static string StateOf(FreshnessLevel level) => level switch
    {
        FreshnessLevel.Fresh => "fresh",
        FreshnessLevel.Ageing => "ageing",
        FreshnessLevel.Breached => "breached",
        _ => "none",
    };
}
