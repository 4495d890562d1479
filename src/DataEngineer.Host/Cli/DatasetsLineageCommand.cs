using System.CommandLine;
using System.Text;
using System.Text.Json;
using DataEngineer.Core.Catalog;
using DataEngineer.Host.Hosting;

namespace DataEngineer.Host.Cli;

/// <summary>
/// <c>datasets lineage &lt;name&gt; [--format text|dot|json] [--upstream [N]] [--downstream [N]]</c>: the datasets and tasks
/// across DAGs a dataset is built from and feeds, and the impact of changing it, from the declared reads and writes.
/// </summary>
internal static class DatasetsLineageCommand
{
    private const int MaxDepth = 1000;

    public static Command Create(CliEnvironment env)
    {
        var name = new Argument<string>("name") { Description = "The dataset, e.g. warehouse.fact_orders." };
        var format = new Option<string>("--format") { Description = "text (default), dot (Graphviz) or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "dot", "json");
        var upstream = new Option<int?>("--upstream") { Description = "Only what it is built from, at most N dataset hops (default: all).", Arity = ArgumentArity.ZeroOrOne };
        var downstream = new Option<int?>("--downstream") { Description = "Only what is built from it, at most N dataset hops (default: all).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("lineage", "Show where a dataset comes from and what reads it, across DAGs, with the impact of changing it.") { name, format, upstream, downstream };
        command.SetAction(async (result, ct) =>
        {
            var id = result.GetValue(name)!;
            var up = result.GetResult(upstream) is not null;
            var down = result.GetResult(downstream) is not null;
            var direction = up == down ? LineageDirection.Both : up ? LineageDirection.Upstream : LineageDirection.Downstream;
            var depths = new[] { result.GetValue(upstream), result.GetValue(downstream) }.OfType<int>().Distinct().ToList();
            if (depths.Count > 1)
            {
                throw new CliError($"--upstream {depths[0]} and --downstream {depths[1]}: give one depth, or none for all levels.");
            }

            int? depth = depths.Count == 1 ? depths[0] : null;
            if (depth is < 1 or > MaxDepth)
            {
                throw new CliError($"Lineage depth {depth}: give a number of dataset hops between 1 and {MaxDepth}, or none for all levels.");
            }

            await using var metadata = await MetadataConnection.OpenAsync(env.Configuration, ct);
            var store = metadata.Store;
            var lineage = new DatasetLineage(await store.ListLineageEdgesAsync(ct));
            if (!lineage.Knows(id) && await store.GetCatalogEntryAsync(id, ct) is null && await store.GetDatasetAsync(id, ct) is null)
            {
                throw new CliError($"No dataset '{id}' is read or written by a task of an active DAG (as of the scheduler's last DAG sync), nor recorded. " +
                    "List the known ones with: dataengineer datasets list");
            }

            var graph = lineage.Trace(id, direction, depth);
            await env.Out.WriteAsync(result.GetValue(format) switch
            {
                "dot" => LineageDot.Render(graph),
                "json" => Json(graph) + Environment.NewLine,
                _ => Text(graph),
            });
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Json(LineageGraph graph) => JsonSerializer.Serialize(new
    {
        dataset = graph.Dataset,
        direction = graph.Direction.ToString().ToLowerInvariant(),
        depth = graph.Depth,
        nodes = graph.Nodes.Select(n => new { id = n.Id, kind = n.Kind, name = n.Name, dag_id = n.DagId, task_id = n.TaskId, distance = n.Distance }),
        links = graph.Links.Select(l => new { from = l.From, to = l.To }),
        impact = new { downstream_datasets = graph.Impact.DownstreamDatasets, dags = graph.Impact.ReadingDags, summary = graph.Impact.Summary },
    }, CliJson.Options);

    private static string Text(LineageGraph graph)
    {
        var text = new StringBuilder();
        var root = LineageNode.DatasetId(graph.Dataset);
        var levels = graph.Depth is { } d ? $"at most {d} dataset hop{(d == 1 ? "" : "s")}" : "all levels";
        text.AppendLine($"Lineage of {graph.Dataset} ({levels})");
        if (graph.Direction != LineageDirection.Downstream)
        {
            text.AppendLine("Upstream (what it is built from):");
            Tree(text, graph, root, "<-", id => graph.Previous(id).Where(p => graph.Node(p).Distance < 0), "  ", []);
        }

        if (graph.Direction != LineageDirection.Upstream)
        {
            text.AppendLine("Downstream (what is built from it):");
            Tree(text, graph, root, "->", id => graph.Next(id).Where(n => graph.Node(n).Distance > 0), "  ", []);
        }

        var impact = graph.Impact;
        text.AppendLine($"Impact: {impact.Summary}");
        if (impact.DownstreamDatasets.Count > 0)
        {
            text.AppendLine($"  datasets: {string.Join(", ", impact.DownstreamDatasets)}");
        }

        if (impact.ReadingDags.Count > 0)
        {
            text.AppendLine($"  DAGs: {string.Join(", ", impact.ReadingDags)}");
        }

        return text.ToString();
    }

    private static void Tree(StringBuilder text, LineageGraph graph, string id, string arrow, Func<string, IEnumerable<string>> children, string indent, HashSet<string> shown)
    {
        var node = graph.Node(id);
        var label = node.Kind == LineageNode.TaskKind ? $"task {node.Name}" : node.Name;
        var isRoot = shown.Count == 0;
        var list = children(id).ToList();
        if (!shown.Add(id))
        {
            text.AppendLine($"{indent}{arrow} {label} (see above)");
            return;
        }

        text.AppendLine(isRoot ? $"{indent}{label}{(list.Count == 0 ? " (nothing)" : "")}" : $"{indent}{arrow} {label}");
        foreach (var child in list)
        {
            Tree(text, graph, child, arrow, children, indent + "   ", shown);
        }
    }
}
