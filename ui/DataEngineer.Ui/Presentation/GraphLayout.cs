using DataEngineer.Core.Validation;

namespace DataEngineer.Ui.Presentation;

/// <summary>
/// Where each task of a DAG goes in the graph view: columns by longest path from a root (so every
/// edge points right), rows in topological order within a column.
/// </summary>
public sealed record GraphLayout(IReadOnlyList<GraphNode> Nodes, IReadOnlyList<(GraphNode From, GraphNode To)> Edges, double Width, double Height)
{
    public const double NodeWidth = 170;
    public const double NodeHeight = 34;
    private const double ColumnGap = 60;
    private const double RowGap = 16;

    public static GraphLayout Of(DagGraph graph)
    {
        var column = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var task in graph.TopologicalOrder)
        {
            column[task.Id] = task.Upstream.Count == 0 ? 0 : task.Upstream.Max(u => column[u]) + 1;
        }

        var rows = new Dictionary<int, int>();
        var nodes = new Dictionary<string, GraphNode>(StringComparer.Ordinal);
        foreach (var task in graph.TopologicalOrder)
        {
            var c = column[task.Id];
            var r = rows[c] = rows.GetValueOrDefault(c, -1) + 1;
            nodes[task.Id] = new GraphNode(task.Id, c * (NodeWidth + ColumnGap) + 10, r * (NodeHeight + RowGap) + 10);
        }

        var edges = graph.TopologicalOrder.SelectMany(t => t.Upstream.Select(u => (nodes[u], nodes[t.Id]))).ToList();
        var width = nodes.Count == 0 ? 0 : nodes.Values.Max(n => n.X) + NodeWidth + 10;
        var height = nodes.Count == 0 ? 0 : nodes.Values.Max(n => n.Y) + NodeHeight + 10;
        return new GraphLayout(nodes.Values.ToList(), edges, width, height);
    }
}
