using DataEngineer.Core.Execution;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Operations;
using DataEngineer.Ui.Tests.Components;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace DataEngineer.Ui.Tests;

/// <summary>The one place actions go through: roles are checked before anything changes, and every action is audited.</summary>
public sealed class DagOperationsTests
{
    private static readonly Actor Olga = new("olga", Role.Operator);
    private static readonly Actor Vic = new("vic", Role.Viewer);
    private static readonly Actor Nobody = new("anonymous", null);

    private static DagOperations Operations(IMetadataStore store) =>
        new(store, store, store, new StaticDagRegistry([UiTestData.FlakyGraph]), new FakeTimeProvider(UiTestData.Day.AddDays(10)));

    private static RunOperations RunOperations(IMetadataStore store) =>
        new(store, store, store, new StaticDagRegistry([UiTestData.FlakyGraph]), new FakeTimeProvider(UiTestData.Day.AddDays(10)));

    [Fact]
    public async Task EveryAction_ByViewerOrAnonymous_IsRefused_NothingChanges_NothingAudited()
    {
        var failed = UiTestData.Run(0, DagRunState.Failed, TaskInstanceState.Success, TaskInstanceState.Failed);
        var store = await UiTestData.StoreWithRunsAsync(failed);
        var operations = Operations(store);
        var runs = RunOperations(store);
        var backfills = new BackfillOperations(store, store, store, store, new StaticDagRegistry([UiTestData.FlakyGraph]), new FakeTimeProvider(UiTestData.Day.AddDays(10)));
        var actions = new Func<Actor, Task>[]
        {
            a => operations.SetPausedAsync(a, "ui_flaky", true, default),
            a => operations.TriggerAsync(a, "ui_flaky", "{}", null, default),
            a => runs.ClearAsync(a, failed.Run.Key, new ClearOptions { TaskIds = ["load"], Downstream = true }, false, default),
            a => runs.ClearAsync(a, failed.Run.Key, new ClearOptions { OnlyFailed = true }, true, default),
            a => runs.MarkTaskAsync(a, failed.Run.Key, "load", TaskInstanceState.Success, false, default),
            a => runs.MarkRunAsync(a, failed.Run.Key, DagRunState.Success, false, default),
            a => runs.CancelAsync(a, failed.Run.Key, false, default),
            a => backfills.CreateAsync(a, new BackfillRequest("ui_flaky", UiTestData.Day, UiTestData.Day, Reprocess.None, 1), default),
            a => backfills.PauseAsync(a, 1, default),
            a => backfills.ResumeAsync(a, 1, default),
            a => backfills.CancelAsync(a, 1, BackfillCancelMode.Cancel, default),
        };

        foreach (var action in actions)
        {
            var denied = await Assert.ThrowsAsync<OperationDeniedException>(() => action(Vic));
            Assert.True(denied.Authenticated);
            Assert.Contains("operator role", denied.Message, StringComparison.Ordinal);
            Assert.False((await Assert.ThrowsAsync<OperationDeniedException>(() => action(Nobody))).Authenticated);
        }

        Assert.False((await store.GetDagAsync("ui_flaky"))!.IsPaused);
        Assert.Single(await store.ListRunsAsync("ui_flaky"));
        Assert.Equal(TaskInstanceState.Failed, (await store.GetRunAsync(failed.Run.Key))!.Tasks["load"].State);
        Assert.Equal(0, (await store.ListAuditAsync(0, 10)).Total);
    }

    [Fact]
    public async Task Operator_ClearsAndMarks_EachAudited()
    {
        var failed = UiTestData.Run(0, DagRunState.Failed, TaskInstanceState.Success, TaskInstanceState.Failed);
        var store = await UiTestData.StoreWithRunsAsync(failed);
        var operations = RunOperations(store);

        var cleared = (await operations.ClearAsync(Olga, failed.Run.Key, new ClearOptions { TaskIds = ["load"] }, false, default)).Run;
        Assert.Equal(TaskInstanceState.None, cleared.Tasks["load"].State);
        Assert.Equal(DagRunState.Queued, cleared.Run.State);

        var marked = (await operations.MarkTaskAsync(Olga, failed.Run.Key, "load", TaskInstanceState.Success, false, default)).Run;
        Assert.Equal(TaskInstanceState.Success, marked.Tasks["load"].State);

        var audit = await store.ListAuditAsync(0, 10);
        Assert.Equal(["task.mark", "task.clear"], audit.Entries.Select(e => e.Action));
        Assert.All(audit.Entries, e => Assert.Equal("olga", e.Actor));
        Assert.Equal("ui_flaky/manual__2024-01-01/load", audit.Entries[0].Target);
    }

    [Fact]
    public async Task Operator_BadInput_GetsClearErrors()
    {
        var run = UiTestData.Run(0, DagRunState.Failed, TaskInstanceState.Success, TaskInstanceState.Failed);
        var store = await UiTestData.StoreWithRunsAsync(run);
        var operations = Operations(store);

        var conf = await Assert.ThrowsAsync<OperationException>(() => operations.TriggerAsync(Olga, "ui_flaky", "{\"batches\": 0}", null, default));
        Assert.Equal(400, conf.StatusCode);
        Assert.Contains("Batches", conf.Message, StringComparison.Ordinal);

        var garbage = await Assert.ThrowsAsync<OperationException>(() => operations.TriggerAsync(Olga, "ui_flaky", "{\u0000", null, default));
        Assert.Contains("not valid JSON", garbage.Message, StringComparison.Ordinal);

        var unknownDag = await Assert.ThrowsAsync<OperationException>(() => operations.SetPausedAsync(Olga, "nope", true, default));
        Assert.Equal(404, unknownDag.StatusCode);

        var runs = RunOperations(store);
        var unknownTask = await Assert.ThrowsAsync<OperationException>(() => runs.ClearAsync(Olga, run.Run.Key, new ClearOptions { TaskIds = ["lod"] }, false, default));
        Assert.Contains("no task 'lod'", unknownTask.Message, StringComparison.Ordinal);

        var badMark = await Assert.ThrowsAsync<OperationException>(() => runs.MarkTaskAsync(Olga, run.Run.Key, "load", TaskInstanceState.Running, false, default));
        Assert.Contains("success or failed", badMark.Message, StringComparison.Ordinal);

        await operations.SetPausedAsync(Olga, "ui_flaky", true, default);
        var paused = await Assert.ThrowsAsync<OperationException>(() => operations.TriggerAsync(Olga, "ui_flaky", "{}", null, default));
        Assert.Equal(409, paused.StatusCode);
    }
}
