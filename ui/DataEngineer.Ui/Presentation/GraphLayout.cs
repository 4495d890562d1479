using System.Globalization;
using DataEngineer.Core.Mapping;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;

namespace DataEngineer.Ui.Presentation;

/// <summary>
/// Where each box of a DAG's graph view goes: columns by longest path from a root (so every edge points right), rows in
/// dependency order within a column. A task group not in <c>expanded</c> is one box standing for all its tasks (nested
/// groups inside it too); edges into and out of it are drawn to that box, once per pair of boxes. A mapped task is one box.
/// <see cref="Groups"/> lists the groups that can be opened or closed now (those not hidden inside a closed group).
/// </summary>
public sealed record GraphLayout(
    IReadOnlyList<GraphNode> Nodes, IReadOnlyList<(GraphNode From, GraphNode To)> Edges, IReadOnlyList<string> Groups, double Width, double Height)
{
    public const double NodeWidth = 200;
    public const double NodeHeight = 40;
    private const double ColumnGap = 60;
    private const double RowGap = 16;

    public static GraphLayout Empty { get; } = new([], [], [], 0, 0);

    /// <summary>The layout of a loaded DAG.</summary>
    public static GraphLayout Of(DagGraph graph, IReadOnlySet<string> expanded, RunSnapshot? run = null) =>
        Of([.. graph.TopologicalOrder.Select(t => new GraphTask(t.Id, t.Upstream, t.Definition.Mapping is not null))], graph.Definition.Groups, expanded, run);

    /// <summary>The layout of a stored DAG version (the graph a run used, whatever the code is now).</summary>
    public static GraphLayout Of(DagStructure version, IReadOnlySet<string> expanded, RunSnapshot? run = null) =>
        Of([.. version.Tasks.Select(t => new GraphTask(t.TaskId, t.Upstream, t.Mapped))], version.Groups, expanded, run);

    /// <summary>Tasks in dependency order, the DAG's group ids, the groups shown open, and the run whose states colour the boxes.</summary>
    public static GraphLayout Of(IReadOnlyList<GraphTask> tasks, IReadOnlyList<string> groups, IReadOnlySet<string> expanded, RunSnapshot? run)
    {
        var groupIds = groups.Distinct(StringComparer.Ordinal).Where(g => tasks.Any(t => InGroup(t.Id, g))).ToList();

        // The box each task is drawn in: its outermost closed group, else its own.
        string BoxOf(string taskId) => groupIds.Where(g => InGroup(taskId, g) && !expanded.Contains(g)).MinBy(g => g.Length) ?? taskId;

        var boxOf = tasks.ToDictionary(t => t.Id, t => BoxOf(t.Id), StringComparer.Ordinal);
        var members = new Dictionary<string, List<GraphTask>>(StringComparer.Ordinal);
        foreach (var task in tasks)
        {
            if (!members.TryGetValue(boxOf[task.Id], out var list))
            {
                members[boxOf[task.Id]] = list = [];
            }

            list.Add(task);
        }

        var edges = new List<(string From, string To)>();
        var seen = new HashSet<(string, string)>();
        var upstream = members.Keys.ToDictionary(b => b, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var task in tasks)
        {
            foreach (var from in task.Upstream.Select(u => boxOf[u]).Where(b => b != boxOf[task.Id]))
            {
                if (seen.Add((from, boxOf[task.Id])))
                {
                    edges.Add((from, boxOf[task.Id]));
                    upstream[boxOf[task.Id]].Add(from);
                }
            }
        }

        var instances = run is null ? null : MappedInstances.Of(run.Tasks);
        var nodes = Place([.. members.Keys], upstream).ToDictionary(p => p.Box, p => Describe(p.Box, p.X, p.Y, members[p.Box], groupIds.Contains(p.Box), run, instances),
            StringComparer.Ordinal);
        var width = nodes.Count == 0 ? 0 : nodes.Values.Max(n => n.X) + NodeWidth + 10;
        var height = nodes.Count == 0 ? 0 : nodes.Values.Max(n => n.Y) + NodeHeight + 10;
        var openable = groupIds.Where(g => !groupIds.Any(outer => outer != g && InGroup(g, outer) && !expanded.Contains(outer))).ToList();
        return new GraphLayout([.. nodes.Values], [.. edges.Select(e => (nodes[e.From], nodes[e.To]))], openable, width, height);
    }

    private static bool InGroup(string id, string group) => id.StartsWith(group + ".", StringComparison.Ordinal);

    // Boxes in dependency order (Kahn's, ties by first appearance); closing a group can make a cycle (a.x -> b -> a.y), whose
    // remaining boxes are placed in order of appearance with the edges from boxes not yet placed left out of their column.
    private static IEnumerable<(string Box, double X, double Y)> Place(List<string> boxes, Dictionary<string, List<string>> upstream)
    {
        var index = boxes.Select((b, i) => (b, i)).ToDictionary(p => p.b, p => p.i, StringComparer.Ordinal);
        var waiting = boxes.ToDictionary(b => b, b => upstream[b].Count, StringComparer.Ordinal);
        var downstream = boxes.ToDictionary(b => b, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var (box, ups) in upstream)
        {
            ups.ForEach(u => downstream[u].Add(box));
        }

        var ready = new PriorityQueue<string, int>(boxes.Where(b => waiting[b] == 0).Select(b => (b, index[b])));
        var column = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = new Dictionary<int, int>();
        while (column.Count < boxes.Count)
        {
            if (!ready.TryDequeue(out var box, out _))
            {
                box = boxes.First(b => !column.ContainsKey(b));
            }

            if (column.ContainsKey(box))
            {
                continue;
            }

            var c = column[box] = upstream[box].Where(column.ContainsKey).Select(u => column[u] + 1).DefaultIfEmpty(0).Max();
            var r = rows[c] = rows.GetValueOrDefault(c, -1) + 1;
            yield return (box, c * (NodeWidth + ColumnGap) + 10, r * (NodeHeight + RowGap) + 10);
            foreach (var next in downstream[box].Where(n => --waiting[n] == 0 && !column.ContainsKey(n)))
            {
                ready.Enqueue(next, index[next]);
            }
        }
    }

    private static GraphNode Describe(string box, double x, double y, List<GraphTask> tasks, bool isGroup, RunSnapshot? run, MappedInstances? instances)
    {
        if (isGroup)
        {
            var states = run is null ? [] : tasks.Where(t => run.Tasks.ContainsKey(t.Id)).Select(t => Shown(t, run, instances!).State).ToList();
            return new GraphNode(box, x, y)
            {
                Kind = GraphNodeKind.Group,
                State = StateUrgency.MostUrgent(states),
                Detail = Counted(tasks.Count, "task", states),
            };
        }

        var task = tasks[0];
        if (run is null || !run.Tasks.TryGetValue(task.Id, out var instance))
        {
            return new GraphNode(box, x, y) { Kind = task.Mapped ? GraphNodeKind.Mapped : GraphNodeKind.Task, Detail = task.Mapped ? "mapped" : null };
        }

        var shown = Shown(task, run, instances!);
        return new GraphNode(box, x, y)
        {
            Kind = task.Mapped ? GraphNodeKind.Mapped : GraphNodeKind.Task,
            State = shown.State,
            Instances = task.Mapped && shown.IsExpanded ? shown.Instances.Count : null,
            Detail = !task.Mapped ? null : shown.IsExpanded ? Counted(shown.Instances.Count, "instance", [.. shown.Instances.Select(i => i.State)]) : "mapped",
        };
    }

    private static MappedTaskView Shown(GraphTask task, RunSnapshot run, MappedInstances instances) =>
        new(run.Tasks[task.Id], task.Mapped ? [.. instances.Of(task.Id).Select(id => run.Tasks[id])] : []);

    // "3 tasks: 2 success, 1 failed" (most urgent first); "3 tasks" without a run.
    private static string Counted(int count, string noun, IReadOnlyList<TaskInstanceState> states)
    {
        var total = $"{count.ToString("N0", CultureInfo.InvariantCulture)} {noun}{(count == 1 ? "" : "s")}";
        var counts = StateUrgency.Order.Select(s => (State: s, Count: states.Count(x => x == s))).Where(c => c.Count > 0)
            .Select(c => $"{c.Count.ToString("N0", CultureInfo.InvariantCulture)} {StateNames.Of(c.State)}").ToList();
        return counts.Count == 0 ? total : $"{total}: {string.Join(", ", counts)}";
    }
}
