namespace DataEngineer.Core.Storage;

/// <summary>
/// The dataset catalog (owner, description, tags, documented and classified columns, contract, retention) and the
/// lineage (which tasks of which DAGs read and write each dataset), as the DAGs declare them. The scheduler replaces
/// both at each DAG sync; the CLI, the UI and data contracts read them.
/// </summary>
public interface IDatasetCatalogStore
{
    /// <summary>Replaces the catalog and lineage with <paramref name="catalog"/>, all or nothing.</summary>
    Task ReplaceDatasetCatalogAsync(DatasetCatalogSnapshot catalog, CancellationToken ct = default);

    /// <summary>One dataset's catalog entry, or null when no active DAG declares it.</summary>
    Task<DatasetCatalogEntry?> GetCatalogEntryAsync(string name, CancellationToken ct = default);

    /// <summary>Every catalog entry, ordered by name.</summary>
    Task<IReadOnlyList<DatasetCatalogEntry>> ListCatalogEntriesAsync(CancellationToken ct = default);

    /// <summary>Every lineage edge, ordered by dataset, access, DAG and task: the input of <see cref="Catalog.DatasetLineage"/>.</summary>
    Task<IReadOnlyList<LineageEdge>> ListLineageEdgesAsync(CancellationToken ct = default);

    /// <summary>The edges of one dataset: the tasks that write it and the tasks that read it.</summary>
    Task<IReadOnlyList<LineageEdge>> ListDatasetLineageAsync(string dataset, CancellationToken ct = default);
}
