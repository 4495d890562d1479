using Bunit;
using DataEngineer.Core.Execution;
using DataEngineer.Core.Loading;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;
using DataEngineer.TestDags;
using DataEngineer.Ui.Components;
using DataEngineer.Ui.Presentation;
using Xunit;

namespace DataEngineer.Ui.Tests.Components;

/// <summary>
/// Task groups and mapped tasks in the graph view: a group is one box (its task count, and its count by state in a run)
/// until opened, edges into and out of it are drawn to that box once, nested groups open one level at a time, and a
/// mapped task is one box with its instance count.
/// </summary>
public sealed class TaskGroupGraphTests : BunitContext
{
    private static readonly DagGraph Grouped = DagCatalog.FromTypes([typeof(UiGroupedDag)]).Get("ui_grouped");

    private static readonly HashSet<string> Closed = new(StringComparer.Ordinal);

    private static List<string> Edges(GraphLayout layout) => [.. layout.Edges.Select(e => $"{e.From.Id}->{e.To.Id}").Order(StringComparer.Ordinal)];

    [Fact]
    public void Layout_ClosedGroup_IsOneBox_WithEdgesToItDeduplicated()
    {
        var layout = GraphLayout.Of(Grouped, Closed);

        Assert.Equal(["start", "extract", "process", "load"], layout.Nodes.Select(n => n.Id));
        var extract = layout.Nodes.Single(n => n.Id == "extract");
        Assert.Equal((GraphNodeKind.Group, "2 tasks"), (extract.Kind, extract.Detail));
        // start -> extract.orders and start -> extract.raw.customers are one edge to the box, as are both edges to load.
        Assert.Equal(["extract->load", "process->load", "start->extract", "start->process"], Edges(layout));
        Assert.Equal(["extract"], layout.Groups);
        // Every edge points right.
        Assert.All(layout.Edges, e => Assert.True(e.To.X > e.From.X));
    }

    [Fact]
    public void Layout_OpenGroup_ShowsItsTasks_AndANestedGroupStaysClosedUntilOpened()
    {
        var open = GraphLayout.Of(Grouped, new HashSet<string>(["extract"], StringComparer.Ordinal));

        Assert.Equal(["start", "extract.orders", "extract.raw", "process", "load"], open.Nodes.Select(n => n.Id));
        Assert.Equal(["extract.orders->load", "extract.raw->load", "process->load", "start->extract.orders", "start->extract.raw", "start->process"], Edges(open));
        Assert.Equal(["extract", "extract.raw"], open.Groups);
        var raw = open.Nodes.Single(n => n.Id == "extract.raw");
        Assert.Equal((GraphNodeKind.Group, "1 task"), (raw.Kind, raw.Detail));

        var both = GraphLayout.Of(Grouped, new HashSet<string>(["extract", "extract.raw"], StringComparer.Ordinal));

        Assert.Equal(["start", "extract.orders", "extract.raw.customers", "process", "load"], both.Nodes.Select(n => n.Id));
        Assert.DoesNotContain(both.Nodes, n => n.Kind == GraphNodeKind.Group);

        // An inner group opened inside a closed one stays hidden in the outer box, and cannot be toggled there.
        var innerOnly = GraphLayout.Of(Grouped, new HashSet<string>(["extract.raw"], StringComparer.Ordinal));
        Assert.Equal(["start", "extract", "process", "load"], innerOnly.Nodes.Select(n => n.Id));
        Assert.Equal(["extract"], innerOnly.Groups);
    }

    [Fact]
    public void Layout_WithARun_CountsTheGroupsTasksAndTheMappedInstancesByState()
    {
        var run = Run(("start", TaskInstanceState.Success), ("extract.orders", TaskInstanceState.Success), ("extract.raw.customers", TaskInstanceState.Failed),
            ("process", TaskInstanceState.Success), ("process[0]", TaskInstanceState.Success), ("process[1]", TaskInstanceState.Running),
            ("process[2]", TaskInstanceState.Success), ("load", TaskInstanceState.None));

        var layout = GraphLayout.Of(Grouped, Closed, run);

        var extract = layout.Nodes.Single(n => n.Id == "extract");
        Assert.Equal((TaskInstanceState.Failed, "2 tasks: 1 failed, 1 success"), (extract.State, extract.Detail));
        var process = layout.Nodes.Single(n => n.Id == "process");
        Assert.Equal((GraphNodeKind.Mapped, TaskInstanceState.Running, 3, "3 instances: 1 running, 2 success"), (process.Kind, process.State, process.Instances, process.Detail));
        Assert.Equal(TaskInstanceState.None, layout.Nodes.Single(n => n.Id == "load").State);
        Assert.DoesNotContain(layout.Nodes, n => n.Id.Contains('[', StringComparison.Ordinal));
    }

    [Fact]
    public void Layout_ClosingAGroupThatMakesACycle_StillPlacesEveryBoxOnce()
    {
        // g.a -> b -> g.c: closed, g is both upstream and downstream of b.
        GraphTask[] tasks = [new("g.a", [], false), new("b", ["g.a"], false), new("g.c", ["b"], false)];

        var layout = GraphLayout.Of(tasks, ["g"], Closed, run: null);

        Assert.Equal(["g", "b"], layout.Nodes.Select(n => n.Id));
        Assert.Equal(["b->g", "g->b"], Edges(layout));
    }

    [Fact]
    public void Layout_StoredVersion_KeepsItsGroupsAndMappedTasks()
    {
        var layout = GraphLayout.Of(DagStructures.Of(Grouped, "ui_grouped"), Closed);

        Assert.Equal(["start", "extract", "process", "load"], layout.Nodes.Select(n => n.Id));
        Assert.Equal(GraphNodeKind.Mapped, layout.Nodes.Single(n => n.Id == "process").Kind);
    }

    [Fact]
    public void View_GroupOpensOnClick_AndClosesBackFromItsToggle()
    {
        var view = Render<DagGraphView>(p => p.Add(v => v.Graph, Grouped));

        Assert.Contains("2 tasks", view.Find("[data-testid=graph-detail-extract]").TextContent, StringComparison.Ordinal);
        Assert.Equal("mapped", view.Find("[data-testid=graph-detail-process]").TextContent);
        Assert.Empty(view.FindAll("[data-testid='graph-node-extract.orders']"));
        Assert.Single(view.FindAll("[data-testid=graph-edge][data-from=start][data-to=extract]"));

        view.Find("[data-testid=graph-group-extract]").Click();

        Assert.Single(view.FindAll("[data-testid='graph-node-extract.orders']"));
        Assert.Single(view.FindAll("[data-testid='graph-group-extract.raw']"));
        Assert.Single(view.FindAll("[data-testid=graph-edge][data-from=start][data-to='extract.orders']"));
        Assert.Empty(view.FindAll("[data-testid=graph-group-extract]"));
        Assert.Equal("yes", view.Find("[data-testid=graph-toggle-extract]").GetAttribute("data-open"));

        view.Find("[data-testid='graph-group-extract.raw']").Click();
        Assert.Single(view.FindAll("[data-testid='graph-node-extract.raw.customers']"));

        view.Find("[data-testid=graph-toggle-extract]").Click();

        Assert.Single(view.FindAll("[data-testid=graph-group-extract]"));
        Assert.Empty(view.FindAll("[data-testid='graph-node-extract.orders']"));
        Assert.Equal(4, view.FindAll("[data-testid=graph-edge]").Count);
    }

    [Fact]
    public void View_WithARun_ColoursTheGroupByItsMostUrgentTask()
    {
        var run = Run(("start", TaskInstanceState.Success), ("extract.orders", TaskInstanceState.Running), ("extract.raw.customers", TaskInstanceState.Success),
            ("process", TaskInstanceState.None), ("load", TaskInstanceState.None));

        var view = Render<DagGraphView>(p => p.Add(v => v.Graph, Grouped).Add(v => v.Run, run));

        Assert.Equal("running", view.Find("[data-testid=graph-group-extract]").GetAttribute("data-state"));
        Assert.Equal("2 tasks: 1 running, 1 success", view.Find("[data-testid=graph-detail-extract]").TextContent);
    }

    private static RunSnapshot Run(params (string Id, TaskInstanceState State)[] tasks)
    {
        var start = UiTestData.Day;
        var run = new DagRun
        {
            DagId = "ui_grouped", RunId = "manual__graph", Type = DagRunType.Manual, DataInterval = new Sdk.DataInterval(start, start),
            State = DagRunState.Running, DagVersion = Grouped.Version, CreatedAt = start,
        };
        return new RunSnapshot(run, tasks.ToDictionary(t => t.Id, t => new TaskInstance
        {
            DagId = run.DagId, RunId = run.RunId, TaskId = t.Id, State = t.State, TryNumber = t.State == TaskInstanceState.None ? 0 : 1, MaxTries = 1,
            Queue = "default", Pool = "default_pool",
        }, StringComparer.Ordinal));
    }
}
