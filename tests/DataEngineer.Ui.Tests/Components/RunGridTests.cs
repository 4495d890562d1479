using Bunit;
using DataEngineer.Core.States;
using DataEngineer.Ui.Components;
using Xunit;

namespace DataEngineer.Ui.Tests.Components;

public sealed class RunGridTests : BunitContext
{
    [Fact]
    public void Render_TwoRuns_OldestLeft_CellsColouredByStateAndLinkedToTheTry()
    {
        var older = UiTestData.Run(0, DagRunState.Success, TaskInstanceState.Success, TaskInstanceState.Success);
        var newer = UiTestData.Run(1, DagRunState.Failed, TaskInstanceState.Success, TaskInstanceState.Failed);

        var grid = Render<RunGrid>(p => p.Add(g => g.Runs, [newer, older]).Add(g => g.TaskIds, ["extract", "load"]));

        var header = grid.FindAll("thead a").Select(a => a.GetAttribute("data-state")).ToList();
        Assert.Equal(["success", "failed"], header);
        var loadRow = grid.FindAll("tbody tr")[1];
        Assert.Equal("load", loadRow.QuerySelector("td.task-id")!.TextContent);
        var cells = loadRow.QuerySelectorAll("a.state-square").ToList();
        Assert.Equal(["success", "failed"], cells.Select(c => c.GetAttribute("data-state")));
        Assert.Equal("dags/ui_flaky/runs/manual__2024-01-02/tasks/load/tries/1", cells[1].GetAttribute("href"));
        Assert.Contains("#d32f2f", cells[1].GetAttribute("style"), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_TaskNotStarted_LinksToTheRun()
    {
        var queued = UiTestData.Run(0, DagRunState.Running, TaskInstanceState.Running, TaskInstanceState.None);

        var grid = Render<RunGrid>(p => p.Add(g => g.Runs, [queued]).Add(g => g.TaskIds, ["extract", "load"]));

        var load = grid.FindAll("tbody tr")[1].QuerySelector("a.state-square")!;
        Assert.Equal("none", load.GetAttribute("data-state"));
        Assert.Equal("dags/ui_flaky/runs/manual__2024-01-01", load.GetAttribute("href"));
    }
}
