using Bunit;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Ui.Components;
using DataEngineer.Ui.Pages;
using Xunit;

namespace DataEngineer.Ui.Tests.Components;

/// <summary>A mapped task on the grid and the run page: one row with its instances counted by state, expanding to each instance and its try.</summary>
public sealed class MappedTaskViewsTests
{
    // ui_flaky's run with "load" mapped: load succeeded (expanded) into three instances, one of them failed.
    private static RunSnapshot MappedRun()
    {
        var run = UiTestData.Run(0, DagRunState.Failed, TaskInstanceState.Success, TaskInstanceState.Success);
        var load = run.Tasks["load"];
        var tasks = new Dictionary<string, TaskInstance>(run.Tasks, StringComparer.Ordinal)
        {
            ["load[0]"] = load with { TaskId = "load[0]", State = TaskInstanceState.Success, TryNumber = 1 },
            ["load[1]"] = load with { TaskId = "load[1]", State = TaskInstanceState.Failed, TryNumber = 2 },
            ["load[2]"] = load with { TaskId = "load[2]", State = TaskInstanceState.Success, TryNumber = 1 },
        };
        return run with { Tasks = tasks };
    }

    [Fact]
    public void Grid_ShowsAMappedTaskAsOneRow_InItsMostUrgentState_ThatExpandsToItsInstances()
    {
        using var context = new BunitContext();
        var run = MappedRun();

        var grid = context.Render<RunGrid>(p => p.Add(g => g.Runs, [run]).Add(g => g.TaskIds, ["extract", "load"]));

        Assert.Equal(2, grid.FindAll("tbody tr").Count);
        var load = grid.Find("[data-testid=grid-row-load] a.state-square");
        Assert.Equal("failed", load.GetAttribute("data-state"));
        Assert.Contains("3 instances: 1 failed, 2 success", load.GetAttribute("title"), StringComparison.Ordinal);
        Assert.Contains("[3]", grid.Find("[data-testid=grid-expand-load]").TextContent, StringComparison.Ordinal);

        grid.Find("[data-testid=grid-expand-load]").Click();

        Assert.Equal(["grid-row-extract", "grid-row-load", "grid-row-load[0]", "grid-row-load[1]", "grid-row-load[2]"],
            grid.FindAll("tbody tr").Select(r => r.GetAttribute("data-testid")));
        var failed = grid.Find("[data-testid='grid-row-load[1]'] a.state-square");
        Assert.Equal("failed", failed.GetAttribute("data-state"));
        Assert.Equal("dags/ui_flaky/runs/manual__2024-01-01/tasks/load%5B1%5D/tries/2", failed.GetAttribute("href"));

        grid.Find("[data-testid=grid-expand-load]").Click();

        Assert.Equal(2, grid.FindAll("tbody tr").Count);
    }

    [Fact]
    public async Task RunPage_ShowsAMappedTaskAsOneRow_WithCountsByState_ExpandingToEachInstancesTry()
    {
        await using var context = new BunitContext();
        var run = MappedRun();
        var store = await UiTestData.StoreWithRunsAsync(run);
        UiPageContext.Add(context, store, [UiTestData.FlakyGraph], UiPageContext.Clock(UiTestData.Day.AddDays(1)));

        var page = context.Render<RunPage>(p => p.Add(x => x.DagId, run.Run.DagId).Add(x => x.RunId, run.Run.RunId));

        Assert.Empty(page.FindAll("[data-testid='task-state-load[1]']"));
        Assert.Equal("3 instances: 1 failed, 2 success", page.Find("[data-testid=mapped-summary-load]").TextContent);
        Assert.Equal("failed", page.Find("[data-testid=task-state-load]").GetAttribute("data-state"));

        page.Find("[data-testid=mapped-toggle-load] button, button[data-testid=mapped-toggle-load]").Click();

        Assert.Equal(["instance-load[0]", "instance-load[1]", "instance-load[2]"], page.FindAll("[data-testid^='instance-load']").Select(i => i.GetAttribute("data-testid")));
        Assert.Equal("failed", page.Find("[data-testid='task-state-load[1]']").GetAttribute("data-state"));
        Assert.Equal("dags/ui_flaky/runs/manual__2024-01-01/tasks/load%5B1%5D/tries/2", page.Find("[data-testid='task-link-load[1]']").GetAttribute("href"));
    }
}
