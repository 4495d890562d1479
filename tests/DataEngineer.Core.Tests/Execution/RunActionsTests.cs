using DataEngineer.Core.Execution;
using DataEngineer.Core.Operations;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Tests.Fixtures;
using DataEngineer.Sdk;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace DataEngineer.Core.Tests.Execution;

/// <summary>
/// People's actions never strand a run: mark, clear and cancel re-decide the run in the same update, a running task
/// cannot be marked, a cancelled try is stopped, the scheduler settles a run left running with nothing in flight,
/// and triggers in the same second are distinct runs.
/// </summary>
public sealed class RunActionsTests
{
    private static readonly DateTimeOffset Day = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Actor Olga = new("olga", Role.Operator);

    private static TestDag FailingChain(string id, int maxActiveRuns = 16) => new(id, d =>
    {
        var a = d.Task("a", _ => { });
        d.Task("b", ctx => ctx.Fail("bad data")).After(a);
    }, new DagOptions { MaxActiveRuns = maxActiveRuns });

    private static RunOperations Operations(EngineHarness harness) => new(harness.Store, harness.Store, harness.Store, harness.Registry, harness.Time);

    [Fact]
    public async Task MarkSuccess_OnATaskOfAFailedRun_SettlesTheRunAtOnce()
    {
        await using var harness = new EngineHarness(TimeProvider.System, FailingChain("mark_settles"));
        harness.AddWorker("w1");
        var key = await harness.TriggerAsync("mark_settles", Day);
        Assert.Equal(DagRunState.Failed, (await harness.RunToEndAsync(key)).Run.State);

        var marked = await Operations(harness).MarkTaskAsync(Olga, key, "b", TaskInstanceState.Success, dryRun: false, CancellationToken.None);

        Assert.Equal(DagRunState.Success, marked.Run.Run.State);
        Assert.Equal([new TaskChange("b", TaskInstanceState.Failed, TaskInstanceState.Success)], marked.Changes);
        await harness.Scheduler.TickAsync(CancellationToken.None);
        Assert.Equal(DagRunState.Success, (await harness.Store.GetRunAsync(key))!.Run.State);
    }

    [Fact]
    public async Task ClearAfterMark_RunsAgainAndSettles_AndTheNextQueuedRunStarts()
    {
        var fail = true;
        await using var harness = new EngineHarness(TimeProvider.System, new TestDag("one_at_a_time", d =>
        {
            var a = d.Task("a", _ => { });
            d.Task("b", ctx =>
            {
                if (Volatile.Read(ref fail))
                {
                    ctx.Fail("bad data");
                }
            }).After(a);
        }, new DagOptions { MaxActiveRuns = 1 }));
        harness.AddWorker("w1");
        var first = await harness.TriggerAsync("one_at_a_time", Day);
        Assert.Equal(DagRunState.Failed, (await harness.RunToEndAsync(first)).Run.State);
        var operations = Operations(harness);
        await operations.MarkTaskAsync(Olga, first, "a", TaskInstanceState.Failed, dryRun: false, CancellationToken.None);
        await operations.MarkTaskAsync(Olga, first, "a", TaskInstanceState.Success, dryRun: false, CancellationToken.None);
        Volatile.Write(ref fail, false);

        var cleared = await operations.ClearAsync(Olga, first, new ClearOptions { OnlyFailed = true }, dryRun: false, CancellationToken.None);
        var second = await harness.TriggerAsync("one_at_a_time", Day.AddDays(1));

        Assert.Equal([new TaskChange("b", TaskInstanceState.Failed, TaskInstanceState.None)], cleared.Changes);
        Assert.Equal(DagRunState.Success, (await harness.RunToEndAsync(first)).Run.State);
        Assert.Equal(DagRunState.Success, (await harness.RunToEndAsync(second)).Run.State);
    }

    [Fact]
    public async Task MarkingARunningTask_IsRefusedWith409_ChangesNothing_AuditsNothing()
    {
        var release = new TaskCompletionSource();
        await using var harness = new EngineHarness(TimeProvider.System, new TestDag("busy", d => d.Task("t", async _ => await release.Task)));
        var worker = harness.AddWorker("w1");
        var key = await harness.TriggerAsync("busy", Day);
        await harness.Scheduler.TickAsync(CancellationToken.None);
        await WaitUntilAsync(() => worker.RunningTries.Count == 1);

        var refused = await Assert.ThrowsAsync<OperationException>(() => Operations(harness).MarkTaskAsync(Olga, key, "t", TaskInstanceState.Success, dryRun: false, CancellationToken.None));

        Assert.Equal(409, refused.StatusCode);
        Assert.Contains("Task 't' of run", refused.Message, StringComparison.Ordinal);
        Assert.Contains("is running", refused.Message, StringComparison.Ordinal);
        Assert.Equal(TaskInstanceState.Running, (await harness.Store.GetRunAsync(key))!.Tasks["t"].State);
        Assert.Equal(0, (await harness.Store.ListAuditAsync(0, 10)).Total);
        release.SetResult();
        Assert.Equal(DagRunState.Success, (await harness.RunToEndAsync(key)).Run.State);
    }

    [Fact]
    public async Task Cancel_StopsTheRunningTryAtItsNextHeartbeat_SkipsTheRest_FailsTheRun()
    {
        var clock = new FakeTimeProvider(Day);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var harness = new EngineHarness(clock, new TestDag("cancellable", d =>
        {
            var slow = d.Task("slow", async ctx =>
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, ctx.CancellationToken);
                }
                catch (OperationCanceledException)
                {
                    cancelled.SetResult();
                    throw;
                }
            });
            d.Task("after", _ => { }).After(slow);
        }));
        var worker = harness.AddWorker("w1");
        using var stop = new CancellationTokenSource();
        var beats = worker.HeartbeatAsync(stop.Token);
        var key = await harness.TriggerAsync("cancellable", Day);
        await harness.Scheduler.TickAsync(CancellationToken.None);
        await WaitUntilAsync(() => worker.RunningTries.Count == 1);

        var preview = await Operations(harness).CancelAsync(Olga, key, dryRun: true, CancellationToken.None);
        Assert.Equal(TaskInstanceState.Running, (await harness.Store.GetRunAsync(key))!.Tasks["slow"].State);
        var done = await Operations(harness).CancelAsync(Olga, key, dryRun: false, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(5));
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await WaitUntilAsync(() => worker.RunningTries.Count == 0);

        Assert.Equal(preview.Changes, done.Changes);
        Assert.Equal([new TaskChange("after", TaskInstanceState.None, TaskInstanceState.Skipped), new TaskChange("slow", TaskInstanceState.Running, TaskInstanceState.Failed)], done.Changes);
        var after = (await harness.Store.GetRunAsync(key))!;
        Assert.Equal(DagRunState.Failed, after.Run.State);
        Assert.Equal("cancelled by olga", after.Tasks["slow"].Error);
        var tryRecord = Assert.Single(await harness.Store.ListTriesAsync(key, "slow"));
        Assert.Equal(TaskInstanceState.Failed, tryRecord.State);
        Assert.NotNull(tryRecord.EndedAt);
        Assert.Equal("run.cancel", Assert.Single((await harness.Store.ListAuditAsync(0, 10)).Entries).Action);
        await Assert.ThrowsAsync<OperationException>(() => Operations(harness).CancelAsync(Olga, key, dryRun: false, CancellationToken.None));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => beats);
    }

    [Fact]
    public async Task Sweep_SettlesARunLeftRunningWithNothingInFlight_WhenTwoSweepsFindIt_AndCountsIt()
    {
        await using var harness = new EngineHarness(TimeProvider.System, new TestDag("stranded", d => d.Task("t", _ => { })));
        harness.AddWorker("w1");
        var key = await harness.TriggerAsync("stranded", Day);
        // What the old RunProgression.Start left behind: a running run whose tasks nobody decides.
        await harness.Store.UpdateRunAsync(key, s => new RunChanges([], s.Run with { State = DagRunState.Running, StartedAt = Day }));

        Assert.Equal(0, await harness.Scheduler.SettleStrandedAsync(await harness.Store.ListActiveRunsAsync(), [], CancellationToken.None));
        var settled = await harness.Scheduler.SettleStrandedAsync(await harness.Store.ListActiveRunsAsync(), [], CancellationToken.None);

        Assert.Equal(1, settled);
        Assert.Equal(DagRunState.Success, (await harness.RunToEndAsync(key)).Run.State);
        Assert.Equal(0, await harness.Scheduler.SettleStrandedAsync(await harness.Store.ListActiveRunsAsync(), [], CancellationToken.None));
    }

    [Fact]
    public async Task Sweep_BetweenARunsLastStepAndItsSettling_LeavesTheRunToItsStep()
    {
        await using var harness = new EngineHarness(TimeProvider.System, new TestDag("tail", d => d.Task("t", _ => { })));
        var graph = harness.Registry.Find("tail")!;
        var key = await harness.TriggerAsync("tail", Day);
        await harness.Store.UpdateRunAsync(key, s => new RunChanges([s.Tasks["t"] with { State = TaskInstanceState.Success, TryNumber = 1 }], s.Run with { State = DagRunState.Running, StartedAt = Day }));

        // The last task's end is committed; a sweep reads before the step's own settling, which then comes.
        Assert.Equal(0, await harness.Scheduler.SettleStrandedAsync(await harness.Store.ListActiveRunsAsync(), [], CancellationToken.None));
        await harness.Store.UpdateRunAsync(key, s => RunProgression.Advance(graph, s, Day));

        Assert.Empty(await harness.Store.ListActiveRunsAsync());
        Assert.Equal(0, await harness.Scheduler.SettleStrandedAsync(await harness.Store.ListActiveRunsAsync(), [], CancellationToken.None));
        Assert.Equal(DagRunState.Success, (await harness.Store.GetRunAsync(key))!.Run.State);
    }

    [Fact]
    public async Task ThreeTriggersInOneInstant_AreThreeRuns_WithReadableIds()
    {
        var clock = new FakeTimeProvider(Day.AddSeconds(1).AddTicks(1234567));
        await using var harness = new EngineHarness(clock, FailingChain("often"));
        var graph = harness.Registry.Find("often")!;

        var runs = new List<DagRun>();
        for (var i = 0; i < 3; i++)
        {
            runs.Add(await ManualRuns.TriggerAsync(harness.Store, graph, null, null, clock, CancellationToken.None));
        }

        Assert.Equal(3, (await harness.Store.ListRunsAsync("often")).Count);
        Assert.Equal(["manual__2024-01-01T00:00:01.123456Z", "manual__2024-01-01T00:00:01.123457Z", "manual__2024-01-01T00:00:01.123458Z"], runs.Select(r => r.RunId));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 1000 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition(), "The condition did not become true within 10 s.");
    }
}
