using DataEngineer.Core.Catalog;

namespace DataEngineer.Ui.Presentation;

/// <summary>
/// Where each dataset and task of a lineage graph goes in the dataset page's SVG: one column per position in the data
/// flow (upstream left, the traced dataset in the middle, downstream right), rows by name within a column.
/// </summary>
public sealed record LineageLayout(IReadOnlyList<LineagePlacement> Nodes, IReadOnlyList<(LineagePlacement From, LineagePlacement To)> Links, double Width, double Height)
{
    public const double NodeWidth = 210;
    public const double NodeHeight = 34;
    private const double ColumnGap = 50;
    private const double RowGap = 14;
    private const double Margin = 10;

    public static LineageLayout Of(LineageGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        if (graph.Nodes.Count == 0)
        {
            return new LineageLayout([], [], 0, 0);
        }

        // A dataset at distance d sits after the tasks of hop d (which write it) downstream, before them upstream:
        // column 2d for datasets, 2d-1 for downstream tasks, 2d+1 for upstream ones.
        static int Column(LineageNode n) => n.Kind == LineageNode.DatasetKind ? 2 * n.Distance : n.Distance > 0 ? 2 * n.Distance - 1 : 2 * n.Distance + 1;
        var first = graph.Nodes.Min(Column);
        var rows = new Dictionary<int, int>();
        var placed = new Dictionary<string, LineagePlacement>(StringComparer.Ordinal);
        foreach (var node in graph.Nodes.OrderBy(Column).ThenBy(n => n.Name, StringComparer.Ordinal))
        {
            var c = Column(node) - first;
            var r = rows[c] = rows.GetValueOrDefault(c, -1) + 1;
            placed[node.Id] = new LineagePlacement(node, Margin + c * (NodeWidth + ColumnGap), Margin + r * (NodeHeight + RowGap));
        }

        var links = graph.Links.Where(l => placed.ContainsKey(l.From) && placed.ContainsKey(l.To)).Select(l => (placed[l.From], placed[l.To])).ToList();
        var columns = graph.Nodes.Max(Column) - first + 1;
        var height = rows.Values.Max() + 1;
        return new LineageLayout(
            [.. placed.Values], links, 2 * Margin + columns * NodeWidth + (columns - 1) * ColumnGap, 2 * Margin + height * NodeHeight + (height - 1) * RowGap);
    }
}
