using DataEngineer.Core.Storage;
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

    public static GraphLayout Of(DagGraph graph) =>
        Of(graph.TopologicalOrder.Select(t => (t.Id, t.Upstream)).ToList());

    /// <summary>The layout of a stored DAG version (the graph a run used, whatever the code is now).</summary>
    public static GraphLayout Of(DagStructure version) =>
        Of(version.Tasks.Select(t => (t.TaskId, t.Upstream)).ToList());

    /// <summary>Tasks in dependency order, each with its upstream task ids.</summary>
    private static GraphLayout Of(IReadOnlyList<(string Id, IReadOnlyList<string> Upstream)> order)
    {
        var column = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (id, upstream) in order)
        {
            column[id] = upstream.Count == 0 ? 0 : upstream.Max(u => column[u]) + 1;
        }

        var rows = new Dictionary<int, int>();
        var nodes = new Dictionary<string, GraphNode>(StringComparer.Ordinal);
        foreach (var (id, _) in order)
        {
            var c = column[id];
            var r = rows[c] = rows.GetValueOrDefault(c, -1) + 1;
            nodes[id] = new GraphNode(id, c * (NodeWidth + ColumnGap) + 10, r * (NodeHeight + RowGap) + 10);
        }

        var edges = order.SelectMany(t => t.Upstream.Select(u => (nodes[u], nodes[t.Id]))).ToList();
        var width = nodes.Count == 0 ? 0 : nodes.Values.Max(n => n.X) + NodeWidth + 10;
        var height = nodes.Count == 0 ? 0 : nodes.Values.Max(n => n.Y) + NodeHeight + 10;
        return new GraphLayout(nodes.Values.ToList(), edges, width, height);
    }
}
