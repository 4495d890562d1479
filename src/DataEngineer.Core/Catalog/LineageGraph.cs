namespace DataEngineer.Core.Catalog;

/// <summary>The lineage around one dataset: datasets and tasks as nodes, data flow as links, and the impact of changing it.</summary>
/// <param name="Dataset">The traced dataset.</param>
/// <param name="Direction">Which way it was traced.</param>
/// <param name="Depth">At most this many dataset hops each way (null: all).</param>
/// <param name="Nodes">The datasets and tasks reached, the traced dataset first, then by distance and id.</param>
/// <param name="Links">The data flow between them, ordered.</param>
/// <param name="Impact">The full transitive impact of changing the dataset, whatever the depth and direction.</param>
public sealed record LineageGraph(string Dataset, LineageDirection Direction, int? Depth, IReadOnlyList<LineageNode> Nodes, IReadOnlyList<LineageLink> Links, LineageImpact Impact)
{
    /// <summary>The node with this id.</summary>
    public LineageNode Node(string id) => Nodes.First(n => n.Id == id);

    /// <summary>The ids of the nodes the data of <paramref name="id"/> flows to, ordered.</summary>
    public IReadOnlyList<string> Next(string id) => Links.Where(l => l.From == id).Select(l => l.To).ToList();

    /// <summary>The ids of the nodes whose data flows into <paramref name="id"/>, ordered.</summary>
    public IReadOnlyList<string> Previous(string id) => Links.Where(l => l.To == id).Select(l => l.From).ToList();
}
