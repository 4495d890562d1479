using DataEngineer.Core.Storage;

namespace DataEngineer.Core.Catalog;

/// <summary>
/// The lineage graph across DAGs built from the declared reads and writes (<see cref="IDatasetCatalogStore.ListLineageEdgesAsync"/>):
/// a dataset flows to the tasks that read it, and a task to the datasets it writes. Cycles (a task that reads what it
/// writes, DAGs feeding each other) are followed once.
/// </summary>
/// <example><code>
/// var lineage = new DatasetLineage(await store.ListLineageEdgesAsync(ct));
/// var graph = lineage.Trace("warehouse.orders", LineageDirection.Downstream);
/// Console.WriteLine(graph.Impact.Summary);   // 2 downstream datasets and 2 DAGs read this
/// </code></example>
public sealed class DatasetLineage
{
    private readonly ILookup<string, LineageEdge> _byDataset;
    private readonly ILookup<(string DagId, string TaskId), LineageEdge> _byTask;

    public DatasetLineage(IEnumerable<LineageEdge> edges)
    {
        ArgumentNullException.ThrowIfNull(edges);
        var ordered = edges.Distinct()
            .OrderBy(e => e.Dataset, StringComparer.Ordinal).ThenBy(e => e.DagId, StringComparer.Ordinal).ThenBy(e => e.TaskId, StringComparer.Ordinal)
            .ToList();
        _byDataset = ordered.ToLookup(e => e.Dataset, StringComparer.Ordinal);
        _byTask = ordered.ToLookup(e => (e.DagId, e.TaskId));
    }

    /// <summary>Whether any task declares it reads or writes <paramref name="dataset"/>.</summary>
    public bool Knows(string dataset) => _byDataset.Contains(dataset);

    /// <summary>The tasks that write <paramref name="dataset"/>.</summary>
    public IReadOnlyList<LineageEdge> Writers(string dataset) => _byDataset[dataset].Where(e => e.Access == DatasetAccess.Writes).ToList();

    /// <summary>The tasks that read <paramref name="dataset"/>.</summary>
    public IReadOnlyList<LineageEdge> Readers(string dataset) => _byDataset[dataset].Where(e => e.Access == DatasetAccess.Reads).ToList();

    /// <summary>Every dataset downstream of <paramref name="dataset"/> and every DAG reading it or them.</summary>
    public LineageImpact Impact(string dataset)
    {
        var downstream = Walk(dataset, DatasetAccess.Reads, depth: null, (_, _) => { }, (_, _) => { });
        downstream.Remove(dataset);
        var dags = downstream.Append(dataset).SelectMany(Readers).Select(e => e.DagId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new LineageImpact(dataset, downstream.Order(StringComparer.Ordinal).ToList(), dags);
    }

    /// <summary>The graph around <paramref name="dataset"/>, <paramref name="depth"/> dataset hops each way (null: all).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="depth"/> is below 1.</exception>
    public LineageGraph Trace(string dataset, LineageDirection direction = LineageDirection.Both, int? depth = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (depth is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(depth), depth, "A lineage depth is at least 1.");
        }

        var nodes = new Dictionary<string, LineageNode>(StringComparer.Ordinal) { [LineageNode.DatasetId(dataset)] = DatasetNode(dataset, 0) };
        var links = new HashSet<LineageLink>();
        if (direction != LineageDirection.Upstream)
        {
            Walk(dataset, DatasetAccess.Reads, depth,
                (edge, hop) => Link(LineageNode.DatasetId(edge.Dataset), AddTask(edge, hop)),
                (edge, hop) => Link(AddTask(edge, hop), AddDataset(edge.Dataset, hop)));
        }

        if (direction != LineageDirection.Downstream)
        {
            Walk(dataset, DatasetAccess.Writes, depth,
                (edge, hop) => Link(AddTask(edge, -hop), LineageNode.DatasetId(edge.Dataset)),
                (edge, hop) => Link(AddDataset(edge.Dataset, -hop), AddTask(edge, -hop)));
        }

        var root = LineageNode.DatasetId(dataset);
        var ordered = nodes.Values.OrderBy(n => n.Id == root ? 0 : 1).ThenBy(n => Math.Abs(n.Distance)).ThenBy(n => n.Distance)
            .ThenBy(n => n.Kind, StringComparer.Ordinal).ThenBy(n => n.Name, StringComparer.Ordinal).ToList();
        var orderedLinks = links.OrderBy(l => l.From, StringComparer.Ordinal).ThenBy(l => l.To, StringComparer.Ordinal).ToList();
        return new LineageGraph(dataset, direction, depth, ordered, orderedLinks, Impact(dataset));

        string AddTask(LineageEdge edge, int distance)
        {
            var id = LineageNode.TaskNodeId(edge.DagId, edge.TaskId);
            nodes.TryAdd(id, new LineageNode(id, LineageNode.TaskKind, edge.Task, distance) { DagId = edge.DagId, TaskId = edge.TaskId });
            return id;
        }

        string AddDataset(string name, int distance)
        {
            var id = LineageNode.DatasetId(name);
            nodes.TryAdd(id, DatasetNode(name, distance));
            return id;
        }

        void Link(string from, string to) => links.Add(new LineageLink(from, to));
    }

    private static LineageNode DatasetNode(string name, int distance) => new(LineageNode.DatasetId(name), LineageNode.DatasetKind, name, distance);

    // Breadth-first from a dataset: through the tasks that use it as 'toTask' (Reads downstream, Writes upstream) and on
    // to the datasets those tasks use the other way. Reports each hop; returns every dataset reached, the start included.
    private HashSet<string> Walk(string start, DatasetAccess toTask, int? depth, Action<LineageEdge, int> onTask, Action<LineageEdge, int> onDataset)
    {
        var other = toTask == DatasetAccess.Reads ? DatasetAccess.Writes : DatasetAccess.Reads;
        var seen = new HashSet<string>(StringComparer.Ordinal) { start };
        var seenTasks = new HashSet<(string, string)>();
        var frontier = new List<string> { start };
        for (var hop = 1; frontier.Count > 0 && (depth is null || hop <= depth); hop++)
        {
            var next = new List<string>();
            foreach (var edge in frontier.SelectMany(d => _byDataset[d]).Where(e => e.Access == toTask))
            {
                onTask(edge, hop);
                if (!seenTasks.Add((edge.DagId, edge.TaskId)))
                {
                    continue;
                }

                foreach (var onward in _byTask[(edge.DagId, edge.TaskId)].Where(e => e.Access == other))
                {
                    onDataset(onward, hop);
                    if (seen.Add(onward.Dataset))
                    {
                        next.Add(onward.Dataset);
                    }
                }
            }

            frontier = next;
        }

        return seen;
    }
}
