using Bunit;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Ui.Components;
using Xunit;

namespace DataEngineer.Ui.Tests.Components;

/// <summary>A task group on the grid: one row in its most urgent task's state, opening to its tasks.</summary>
public sealed class TaskGroupGridTests
{
    private static RunSnapshot GroupedRun()
    {
        var run = UiTestData.Run(0, DagRunState.Failed, TaskInstanceState.Success, TaskInstanceState.Success);
        var template = run.Tasks["extract"];
        TaskInstance Task(string id, TaskInstanceState state) => template with { TaskId = id, State = state };
        return run with
        {
            Tasks = new Dictionary<string, TaskInstance>(StringComparer.Ordinal)
            {
                ["start"] = Task("start", TaskInstanceState.Success),
                ["extract.orders"] = Task("extract.orders", TaskInstanceState.Success),
                ["extract.customers"] = Task("extract.customers", TaskInstanceState.Failed),
                ["load"] = Task("load", TaskInstanceState.UpstreamFailed),
            },
        };
    }

    [Fact]
    public void Grid_ShowsAGroupAsOneRowInItsMostUrgentState_ThatOpensToItsTasks()
    {
        using var context = new BunitContext();
        var grid = context.Render<RunGrid>(p => p.Add(g => g.Runs, [GroupedRun()])
            .Add(g => g.TaskIds, ["start", "extract.orders", "extract.customers", "load"]).Add(g => g.Groups, ["extract"]));

        Assert.Equal(["grid-row-start", "grid-group-extract", "grid-row-load"], grid.FindAll("tbody tr").Select(r => r.GetAttribute("data-testid")));
        Assert.Contains("extract (2)", grid.Find("[data-testid=grid-expand-group-extract]").TextContent, StringComparison.Ordinal);
        Assert.Equal("failed", grid.Find("[data-testid=grid-group-extract] a.state-square").GetAttribute("data-state"));

        grid.Find("[data-testid=grid-expand-group-extract]").Click();

        Assert.Equal(["grid-row-start", "grid-group-extract", "grid-row-extract.orders", "grid-row-extract.customers", "grid-row-load"],
            grid.FindAll("tbody tr").Select(r => r.GetAttribute("data-testid")));

        grid.Find("[data-testid=grid-expand-group-extract]").Click();

        Assert.Equal(3, grid.FindAll("tbody tr").Count);
    }
}
