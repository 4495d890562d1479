using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;
using Microsoft.Extensions.Logging;

namespace DataEngineer.Core.Catalog;

/// <summary>
/// Replaces the stored dataset catalog and lineage with what the loaded DAGs declare (a DAG no longer loaded loses its
/// edges) and logs each declaration conflict as a warning. Conflicts never stop the sync.
/// </summary>
public sealed class DatasetCatalogSync(IDatasetCatalogStore store, ILogger logger)
{
    public async Task<DatasetCatalogSnapshot> SyncAsync(IEnumerable<DagGraph> loaded, CancellationToken ct)
    {
        var catalog = DatasetCatalogBuilder.Build(loaded);
        await store.ReplaceDatasetCatalogAsync(catalog, ct);
        foreach (var warning in catalog.Entries.SelectMany(e => e.Warnings))
        {
            logger.LogWarning("Dataset catalog: {Warning}", warning);
        }

        return catalog;
    }
}
