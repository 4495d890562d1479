namespace DataEngineer.Core.Catalog;

/// <summary>
/// What a change to a dataset can reach: every dataset downstream of it (transitively) and every DAG with a task
/// that reads it or one of those datasets.
/// </summary>
/// <param name="Dataset">The dataset changed.</param>
/// <param name="DownstreamDatasets">The datasets built from it, directly or not, ordered by name (not itself).</param>
/// <param name="ReadingDags">The DAGs that read it or any downstream dataset, ordered by id.</param>
public sealed record LineageImpact(string Dataset, IReadOnlyList<string> DownstreamDatasets, IReadOnlyList<string> ReadingDags)
{
    /// <summary>E.g. <c>7 downstream datasets and 3 DAGs read this</c>.</summary>
    public string Summary =>
        $"{DownstreamDatasets.Count} downstream dataset{(DownstreamDatasets.Count == 1 ? "" : "s")} and {ReadingDags.Count} DAG{(ReadingDags.Count == 1 ? "" : "s")} read this";
}
