using DataEngineer.Core.Storage;
using DataEngineer.Sdk;
using DataEngineer.Ui.Presentation;

namespace DataEngineer.Host.Api;

/// <summary>
/// A dataset as the REST API shows it: its latest write and freshness against its SLA (fresh, ageing, breached or none),
/// or, for a dataset the DAGs declare that no task has written yet, <c>written: false</c> and <c>sla_state: never_written</c>
/// with the write fields null.
/// </summary>
internal sealed record ApiDataset(
    string Name, bool Written, string? Owner, string? DagId, string? TaskId, string? LastRunId, DateTimeOffset? LastWrittenAt, DateTimeOffset? FreshAsOf, long? RowCount,
    long? FreshnessSlaSeconds, string SlaState, DateTimeOffset? BreachedSince, int? SchemaVersion, IReadOnlyList<DatasetColumn> Columns)
{
    public const string NeverWritten = "never_written";

    /// <summary>Every dataset the catalog declares or a task recorded, by name.</summary>
    public static async Task<IReadOnlyList<ApiDataset>> ListAsync(IDataQualityStore quality, IDatasetCatalogStore catalog, DateTimeOffset now, CancellationToken ct)
    {
        var recorded = (await quality.ListDatasetsAsync(ct)).ToDictionary(d => d.Name, StringComparer.Ordinal);
        var entries = (await catalog.ListCatalogEntriesAsync(ct)).ToDictionary(e => e.Name, StringComparer.Ordinal);
        return recorded.Keys.Union(entries.Keys).Order(StringComparer.Ordinal)
            .Select(name => recorded.GetValueOrDefault(name) is { } d ? Of(d, now, entries.GetValueOrDefault(name)) : Declared(entries[name]))
            .ToList();
    }

    public static ApiDataset Of(DatasetRecord dataset, DateTimeOffset now, DatasetCatalogEntry? entry = null) => new(
        dataset.Name, true, entry?.Owner, dataset.DagId, dataset.TaskId, dataset.LastRunId, dataset.LastWrittenAt, dataset.FreshAsOf, dataset.RowCount,
        (long?)dataset.FreshnessSla?.TotalSeconds, StateOf(DatasetFreshness.Of(dataset, now).Level), dataset.BreachedSince, dataset.SchemaVersion,
        dataset.Columns);

    public static ApiDataset Declared(DatasetCatalogEntry entry) => new(
        entry.Name, false, entry.Owner, null, null, null, null, null, null, (long?)entry.FreshnessSla?.TotalSeconds, NeverWritten, null, null, []);

    private static string StateOf(FreshnessLevel level) => level switch
    {
        FreshnessLevel.Fresh => "fresh",
        FreshnessLevel.Ageing => "ageing",
        FreshnessLevel.Breached => "breached",
        _ => "none",
    };
}
