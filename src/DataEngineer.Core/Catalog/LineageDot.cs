using System.Text;

namespace DataEngineer.Core.Catalog;

/// <summary>Writes a <see cref="LineageGraph"/> as Graphviz DOT: every id and label quoted and escaped, datasets as cylinders, tasks as boxes.</summary>
public static class LineageDot
{
    public static string Render(LineageGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var dot = new StringBuilder();
        dot.Append("digraph lineage {\n");
        dot.Append("  rankdir=LR;\n");
        dot.Append("  label=").Append(Quote($"{graph.Dataset}: {graph.Impact.Summary}")).Append(";\n");
        foreach (var node in graph.Nodes)
        {
            var isRoot = node.Id == LineageNode.DatasetId(graph.Dataset);
            var attributes = node.Kind == LineageNode.DatasetKind
                ? $"shape=cylinder{(isRoot ? ", style=bold" : "")}"
                : "shape=box, style=rounded";
            var label = node.Kind == LineageNode.TaskKind ? $"{node.DagId}\n{node.TaskId}" : node.Name;
            dot.Append("  ").Append(Quote(node.Id)).Append(" [label=").Append(Quote(label)).Append(", ").Append(attributes).Append("];\n");
        }

        foreach (var link in graph.Links)
        {
            dot.Append("  ").Append(Quote(link.From)).Append(" -> ").Append(Quote(link.To)).Append(";\n");
        }

        dot.Append("}\n");
        return dot.ToString();
    }

    // A DOT quoted string, where only \" is an escape. Names are validated identifiers, but a backslash could still
    // escape the closing quote, so one becomes the look-alike U+29F5; a new line becomes the label escape \n.
    private static string Quote(string text) =>
        "\"" + text.Replace('\\', '\u29F5').Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";
}
