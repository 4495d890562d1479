using Bunit;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Ui.Components;
using DataEngineer.Ui.Pages;
using Xunit;

namespace DataEngineer.Ui.Tests.Components;

/// <summary>The run page's failed-tasks panel: each failed task's error and last log lines, without opening the try.</summary>
public sealed class FailedTasksPanelTests
{
    private static async Task<(InMemoryMetadataStore Store, RunSnapshot Run)> FailedRunAsync()
    {
        var run = UiTestData.Run(0, DagRunState.Failed, TaskInstanceState.Success, TaskInstanceState.Failed);
        run = run with { Tasks = new Dictionary<string, TaskInstance>(run.Tasks) { ["load"] = run.Tasks["load"] with { Error = "InvalidOperationException: the warehouse refused the connection" } } };
        var store = await UiTestData.StoreWithRunsAsync(run);
        await store.AppendLogAsync(run.Run.Key, "extract", 1, [new TaskLogLine(UiTestData.Day, "INFORMATION", "extract went fine")]);
        await store.AppendLogAsync(run.Run.Key, "load", 1,
            [.. Enumerable.Range(1, 25).Select(i => new TaskLogLine(UiTestData.Day.AddSeconds(i), "INFORMATION", $"load line {i}")),
             new TaskLogLine(UiTestData.Day.AddSeconds(30), "ERROR", "the warehouse refused the connection")]);
        return (store, run);
    }

    [Fact]
    public async Task RunPage_FailedTask_ShowsItsErrorAndLastLines_WithALinkToTheTry()
    {
        await using var context = new BunitContext();
        var (store, run) = await FailedRunAsync();
        UiPageContext.Add(context, store, [UiTestData.FlakyGraph], UiPageContext.Clock(UiTestData.Day.AddDays(1)));

        var page = context.Render<RunPage>(p => p.Add(x => x.DagId, run.Run.DagId).Add(x => x.RunId, run.Run.RunId));

        var panel = page.Find("[data-testid=failed-tasks]");
        Assert.Contains("1 task failed", panel.TextContent, StringComparison.Ordinal);
        var load = page.Find("[data-testid=failed-task-load]");
        Assert.Contains("the warehouse refused the connection", load.QuerySelector("[data-testid=failed-error]")!.TextContent, StringComparison.Ordinal);
        var lines = load.QuerySelectorAll("[data-testid=failed-log] span").Select(s => s.TextContent.Trim()).ToList();
        Assert.Equal(FailedTasksPanel.TailLines, lines.Count);
        Assert.EndsWith("load line 17", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("the warehouse refused the connection", lines[^1], StringComparison.Ordinal);
        Assert.Equal("log-error", load.QuerySelectorAll("[data-testid=failed-log] span")[^1].ClassName);
        Assert.EndsWith("dags/ui_flaky/runs/manual__2024-01-01/tasks/load/tries/1", load.QuerySelector("a")!.GetAttribute("href"), StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=failed-task-extract]"));
    }

    [Fact]
    public async Task RunPage_NoFailedTask_ShowsNoPanel()
    {
        await using var context = new BunitContext();
        var run = UiTestData.Run(0, DagRunState.Success, TaskInstanceState.Success, TaskInstanceState.Success);
        var store = await UiTestData.StoreWithRunsAsync(run);
        UiPageContext.Add(context, store, [UiTestData.FlakyGraph], UiPageContext.Clock(UiTestData.Day.AddDays(1)));

        var page = context.Render<RunPage>(p => p.Add(x => x.DagId, run.Run.DagId).Add(x => x.RunId, run.Run.RunId));

        Assert.Empty(page.FindAll("[data-testid=failed-tasks]"));
    }
}
