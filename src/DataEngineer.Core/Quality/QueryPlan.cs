using System.Text.Json;

namespace DataEngineer.Core.Quality;

/// <summary>
/// A recorded <c>EXPLAIN (FORMAT JSON)</c> plan read as a flat list of nodes, so a page, a tool or an alert can name the
/// costliest nodes and the sequential scans without knowing PostgreSQL's plan format.
/// </summary>
public sealed class QueryPlan
{
    private QueryPlan(IReadOnlyList<PlanNode> nodes) => Nodes = nodes;

    /// <summary>Every node, depth first from the root.</summary>
    public IReadOnlyList<PlanNode> Nodes { get; }

    /// <summary>The planner's total cost of the whole statement.</summary>
    public double TotalCost => Nodes.Count == 0 ? 0 : Nodes[0].TotalCost;

    /// <summary>The nodes that do the most work themselves, costliest first.</summary>
    public IReadOnlyList<PlanNode> Costliest(int count) => [.. Nodes.OrderByDescending(n => n.SelfCost).Take(count)];

    /// <summary>The nodes that read a whole table.</summary>
    public IReadOnlyList<PlanNode> SequentialScans => [.. Nodes.Where(n => n.IsSequentialScan)];

    /// <summary>The plan in <paramref name="json"/>; null when there is none or it is not a plan.</summary>
    public static QueryPlan? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement.ValueKind == JsonValueKind.Array && document.RootElement.GetArrayLength() > 0
                ? document.RootElement[0]
                : document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("Plan", out var plan) || plan.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var nodes = new List<PlanNode>();
            Walk(plan, 0, nodes);
            return new QueryPlan(nodes);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void Walk(JsonElement node, int depth, List<PlanNode> nodes)
    {
        var children = node.TryGetProperty("Plans", out var plans) && plans.ValueKind == JsonValueKind.Array ? plans.EnumerateArray().ToList() : [];
        var total = Number(node, "Total Cost");
        var childCost = children.Sum(c => Number(c, "Total Cost"));
        var relation = Text(node, "Relation Name");
        var schema = Text(node, "Schema");
        nodes.Add(new PlanNode(
            Text(node, "Node Type") ?? "?",
            relation is null ? null : schema is null ? relation : $"{schema}.{relation}",
            Text(node, "Index Name"),
            total,
            Math.Max(0, total - childCost),
            Number(node, "Plan Rows"),
            depth));
        foreach (var child in children)
        {
            Walk(child, depth + 1, nodes);
        }
    }

    private static double Number(JsonElement node, string name) =>
        node.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : 0;

    private static string? Text(JsonElement node, string name) =>
        node.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
