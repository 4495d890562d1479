using Bunit;
using DataEngineer.Core.Execution;
using DataEngineer.Core.Operations;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Ui.Components;
using Xunit;

namespace DataEngineer.Ui.Tests.Components;

/// <summary>The DAG page's backfills list: each action asks first, a cancel offers the choice for running runs and lists the runs it will stop.</summary>
public sealed class BackfillListTests
{
    private static readonly Actor Olga = new("olga", Role.Operator);

    [Fact]
    public async Task Cancel_ListsTheRunsEachChoiceStops_ChangesNothingUntilConfirmed_ThenCancelsThemAndAudits()
    {
        await using var context = new BunitContext();
        var (store, backfill, running, queued) = await StoreWithBackfillAsync();
        UiPageContext.Add(context, store, [UiTestData.FlakyGraph], UiPageContext.Clock(UiTestData.Day.AddDays(10)), role: "operator");
        var list = context.Render<BackfillList>(p => p.Add(x => x.Backfills, [backfill]).Add(x => x.Actor, Olga).Add(x => x.CanOperate, true));

        await list.Find($"[data-testid=backfill-cancel-{backfill.Id}]").ClickAsync(new());

        list.WaitForElement("[data-testid=backfill-confirm]");
        Assert.Equal([$"{queued.RunId} (queued)"], list.FindAll("[data-testid=backfill-confirm-runs] li").Select(li => li.TextContent.Trim()));
        await list.Find("[data-testid=backfill-mode-cancel]").ChangeAsync(new() { Value = "on" });
        list.WaitForAssertion(() => Assert.Equal([$"{running.RunId} (running)", $"{queued.RunId} (queued)"],
            list.FindAll("[data-testid=backfill-confirm-runs] li").Select(li => li.TextContent.Trim())));
        Assert.Equal(BackfillState.Running, (await store.GetBackfillAsync(backfill.Id))!.State);
        Assert.Equal(0, (await store.ListAuditAsync(0, 10)).Total);

        await list.Find("[data-testid=backfill-confirm-apply]").ClickAsync(new());

        list.WaitForAssertion(() => Assert.Empty(list.FindAll("[data-testid=backfill-confirm]")));
        Assert.Equal(BackfillState.Cancelled, (await store.GetBackfillAsync(backfill.Id))!.State);
        Assert.All(await store.ListBackfillRunsAsync(backfill.Id), r => Assert.Equal(DagRunState.Failed, r.State));
        var audit = (await store.ListAuditAsync(0, 10)).Entries;
        Assert.Equal(("backfill.cancel", "running_runs=cancel cancelled_runs=2"), (audit[0].Action, audit[0].Detail));
    }

    [Fact]
    public async Task Pause_KeptAsIs_ChangesNothing_Confirmed_Pauses_ViewerSeesNoButtons()
    {
        await using var context = new BunitContext();
        var (store, backfill, _, _) = await StoreWithBackfillAsync();
        UiPageContext.Add(context, store, [UiTestData.FlakyGraph], UiPageContext.Clock(UiTestData.Day.AddDays(10)), role: "operator");
        var list = context.Render<BackfillList>(p => p.Add(x => x.Backfills, [backfill]).Add(x => x.Actor, Olga).Add(x => x.CanOperate, true));

        await list.Find($"[data-testid=backfill-pause-{backfill.Id}]").ClickAsync(new());
        Assert.Contains("No new run is created until it is resumed", list.Find("[data-testid=backfill-confirm]").TextContent, StringComparison.Ordinal);
        await list.Find("[data-testid=backfill-confirm-keep]").ClickAsync(new());
        Assert.Equal(BackfillState.Running, (await store.GetBackfillAsync(backfill.Id))!.State);

        await list.Find($"[data-testid=backfill-pause-{backfill.Id}]").ClickAsync(new());
        await list.Find("[data-testid=backfill-confirm-apply]").ClickAsync(new());

        list.WaitForAssertion(() => Assert.Empty(list.FindAll("[data-testid=backfill-confirm]")));
        Assert.Equal(BackfillState.Paused, (await store.GetBackfillAsync(backfill.Id))!.State);
        Assert.Equal(["backfill.pause"], (await store.ListAuditAsync(0, 10)).Entries.Select(e => e.Action));

        var viewer = context.Render<BackfillList>(p => p.Add(x => x.Backfills, [backfill]).Add(x => x.Actor, new Actor("vic", Role.Viewer)).Add(x => x.CanOperate, false));
        Assert.Single(viewer.FindAll($"[data-testid=backfill-{backfill.Id}]"));
        Assert.Empty(viewer.FindAll("button"));
    }

    private static async Task<(InMemoryMetadataStore Store, BackfillRecord Backfill, DagRun Running, DagRun Queued)> StoreWithBackfillAsync()
    {
        var store = await UiTestData.StoreWithRunsAsync();
        var backfill = await store.CreateBackfillAsync(new BackfillRecord
        {
            DagId = "ui_flaky", From = UiTestData.Day, To = UiTestData.Day.AddDays(4), Reprocess = Reprocess.None, MaxActiveRuns = 2, Intervals = 5,
            CreatedBy = "olga", CreatedAt = UiTestData.Day.AddDays(9), UpdatedAt = UiTestData.Day.AddDays(9),
        });
        var running = UiTestData.Run(0, DagRunState.Running, TaskInstanceState.Success, TaskInstanceState.Running);
        var queued = UiTestData.Run(1, DagRunState.Queued, TaskInstanceState.None, TaskInstanceState.None);
        Assert.True(await store.CreateBackfillRunAsync(backfill.Id, running.Run, [.. running.Tasks.Values]));
        Assert.True(await store.CreateBackfillRunAsync(backfill.Id, queued.Run, [.. queued.Tasks.Values]));
        return (store, (await store.GetBackfillAsync(backfill.Id))!, running.Run, queued.Run);
    }
}
