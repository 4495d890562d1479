namespace DataEngineer.Core.Storage;

/// <summary>The whole dataset catalog and lineage of the loaded DAGs, replaced as one at each DAG sync.</summary>
/// <param name="Entries">One entry per dataset any task reads or writes, ordered by name.</param>
/// <param name="Edges">Every declared read and write of an active DAG's current version.</param>
public sealed record DatasetCatalogSnapshot(IReadOnlyList<DatasetCatalogEntry> Entries, IReadOnlyList<LineageEdge> Edges)
{
    public static DatasetCatalogSnapshot Empty { get; } = new([], []);
}
