namespace DataEngineer.Core.Storage;

public sealed partial class InMemoryMetadataStore
{
    private DatasetCatalogSnapshot _catalog = DatasetCatalogSnapshot.Empty;

    public Task ReplaceDatasetCatalogAsync(DatasetCatalogSnapshot catalog, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var sorted = new DatasetCatalogSnapshot(
            catalog.Entries.OrderBy(e => e.Name, StringComparer.Ordinal).ToList(),
            catalog.Edges.Distinct().OrderBy(e => e.Dataset, StringComparer.Ordinal).ThenBy(e => e.Access)
                .ThenBy(e => e.DagId, StringComparer.Ordinal).ThenBy(e => e.TaskId, StringComparer.Ordinal).ToList());
        lock (_lock)
        {
            _catalog = sorted;
        }

        return Task.CompletedTask;
    }

    public Task<DatasetCatalogEntry?> GetCatalogEntryAsync(string name, CancellationToken ct = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_catalog.Entries.FirstOrDefault(e => e.Name == name));
        }
    }

    public Task<IReadOnlyList<DatasetCatalogEntry>> ListCatalogEntriesAsync(CancellationToken ct = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_catalog.Entries);
        }
    }

    public Task<IReadOnlyList<LineageEdge>> ListLineageEdgesAsync(CancellationToken ct = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_catalog.Edges);
        }
    }

    public Task<IReadOnlyList<LineageEdge>> ListDatasetLineageAsync(string dataset, CancellationToken ct = default)
    {
        lock (_lock)
        {
            IReadOnlyList<LineageEdge> edges = _catalog.Edges.Where(e => e.Dataset == dataset).ToList();
            return Task.FromResult(edges);
        }
    }
}
