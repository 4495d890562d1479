using Bunit;
using DataEngineer.Core.States;
using DataEngineer.Ui.Pages;
using Xunit;

namespace DataEngineer.Ui.Tests.Components;

/// <summary>The run page asks before it acts: the confirmation lists the task instances an action will change, and confirming applies exactly that.</summary>
public sealed class RunActionsDialogTests
{
    [Fact]
    public async Task ClearFailedTasks_ListsTheFailedTaskFirst_ChangesNothingUntilConfirmed_ThenClearsItAndAudits()
    {
        await using var context = new BunitContext();
        var run = UiTestData.Run(0, DagRunState.Failed, TaskInstanceState.Success, TaskInstanceState.Failed);
        var store = await UiTestData.StoreWithRunsAsync(run);
        UiPageContext.Add(context, store, [UiTestData.FlakyGraph], UiPageContext.Clock(UiTestData.Day.AddDays(1)), role: "operator");
        var page = context.Render<RunPage>(p => p.Add(x => x.DagId, run.Run.DagId).Add(x => x.RunId, run.Run.RunId));

        await page.Find("[data-testid=run-clear-failed]").ClickAsync(new());

        var dialog = page.WaitForElement("[data-testid=confirm-dialog]");
        Assert.Equal(["load: failed → none"], page.FindAll("[data-testid=confirm-tasks] li").Select(li => li.TextContent.Trim()));
        Assert.Equal(TaskInstanceState.Failed, (await store.GetRunAsync(run.Run.Key))!.Tasks["load"].State);
        Assert.Equal(0, (await store.ListAuditAsync(0, 10)).Total);
        Assert.Contains("Clear the failed tasks", dialog.TextContent, StringComparison.Ordinal);

        await page.Find("[data-testid=confirm-apply]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=confirm-dialog]")));
        var after = (await store.GetRunAsync(run.Run.Key))!;
        Assert.Equal(TaskInstanceState.None, after.Tasks["load"].State);
        Assert.Equal(TaskInstanceState.Success, after.Tasks["extract"].State);
        Assert.Equal(DagRunState.Queued, after.Run.State);
        var audit = Assert.Single((await store.ListAuditAsync(0, 10)).Entries);
        Assert.Equal("task.clear", audit.Action);
        Assert.Contains("load:failed->none", audit.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MarkRunFailed_KeptAsIs_ChangesNothing()
    {
        await using var context = new BunitContext();
        var run = UiTestData.Run(0, DagRunState.Running, TaskInstanceState.Success, TaskInstanceState.None);
        var store = await UiTestData.StoreWithRunsAsync(run);
        UiPageContext.Add(context, store, [UiTestData.FlakyGraph], UiPageContext.Clock(UiTestData.Day.AddDays(1)), role: "operator");
        var page = context.Render<RunPage>(p => p.Add(x => x.DagId, run.Run.DagId).Add(x => x.RunId, run.Run.RunId));

        await page.Find("[data-testid=run-mark-failed]").ClickAsync(new());
        page.WaitForElement("[data-testid=confirm-dialog]");
        Assert.Equal(["load: none → skipped"], page.FindAll("[data-testid=confirm-tasks] li").Select(li => li.TextContent.Trim()));
        await page.Find("[data-testid=confirm-cancel]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=confirm-dialog]")));
        Assert.Equal(DagRunState.Running, (await store.GetRunAsync(run.Run.Key))!.Run.State);
        Assert.Equal(0, (await store.ListAuditAsync(0, 10)).Total);
    }

    [Fact]
    public async Task Viewer_SeesNoRunActions()
    {
        await using var context = new BunitContext();
        var run = UiTestData.Run(0, DagRunState.Failed, TaskInstanceState.Success, TaskInstanceState.Failed);
        var store = await UiTestData.StoreWithRunsAsync(run);
        UiPageContext.Add(context, store, [UiTestData.FlakyGraph], UiPageContext.Clock(UiTestData.Day.AddDays(1)));

        var page = context.Render<RunPage>(p => p.Add(x => x.DagId, run.Run.DagId).Add(x => x.RunId, run.Run.RunId));

        Assert.Empty(page.FindAll("[data-testid=run-actions]"));
    }
}
