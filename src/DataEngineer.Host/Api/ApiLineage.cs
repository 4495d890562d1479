using DataEngineer.Core.Catalog;

namespace DataEngineer.Host.Api;

/// <summary>
/// The lineage across DAGs around a dataset: nodes (datasets and tasks, with their distance in dataset hops, negative
/// upstream), links (data flow) and the impact of changing it (downstream datasets, reading DAGs, a summary line).
/// </summary>
internal sealed record ApiLineage(string Dataset, string Direction, int? Depth, IReadOnlyList<LineageNode> Nodes, IReadOnlyList<LineageLink> Links, object Impact)
{
    public static ApiLineage Of(LineageGraph graph) =>
        new(graph.Dataset, graph.Direction.ToString().ToLowerInvariant(), graph.Depth, graph.Nodes, graph.Links,
            new { downstream_datasets = graph.Impact.DownstreamDatasets, dags = graph.Impact.ReadingDags, summary = graph.Impact.Summary });
}
