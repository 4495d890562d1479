using DataEngineer.Core.Execution;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Tests.Fixtures;
using DataEngineer.Sdk;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace DataEngineer.Core.Tests.Execution;

public class RunSchedulerTests
{
    private static readonly DateTime Start = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static TestDag Daily(bool catchup, int maxActiveRuns = 16) =>
        new("daily", d => d.Task("t", _ => { }), new DagOptions { Schedule = "@daily", StartDate = Start, Catchup = catchup, MaxActiveRuns = maxActiveRuns });

    private static async Task<EngineHarness> HarnessAtAsync(DateTimeOffset now, TestDag dag)
    {
        var harness = new EngineHarness(new FakeTimeProvider(now), dag);
        await harness.Scheduler.SyncDagsAsync(CancellationToken.None);
        return harness;
    }

    [Fact]
    public async Task CreateDueRuns_Catchup_CreatesEveryClosedIntervalInOrder()
    {
        await using var harness = await HarnessAtAsync(new DateTimeOffset(2024, 1, 4, 0, 0, 0, TimeSpan.Zero).AddMinutes(1), Daily(catchup: true));
        var graph = harness.Registry.Find("daily")!;

        Assert.Equal(3, (await harness.Scheduler.CreateDueRunsAsync(graph, CancellationToken.None)).Created);
        Assert.Equal(0, (await harness.Scheduler.CreateDueRunsAsync(graph, CancellationToken.None)).Created);

        var runs = await harness.Store.ListRunsAsync("daily");
        Assert.Equal(["scheduled__2024-01-03T00:00:00Z", "scheduled__2024-01-02T00:00:00Z", "scheduled__2024-01-01T00:00:00Z"], runs.Select(r => r.RunId));
        Assert.All(runs, r => Assert.Equal(DagRunState.Queued, r.State));
        Assert.Equal(new DataInterval(new DateTimeOffset(2024, 1, 3, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 1, 4, 0, 0, 0, TimeSpan.Zero)), runs[0].DataInterval);
    }

    [Fact]
    public async Task CreateDueRuns_NoCatchup_CreatesOnlyTheLatestInterval()
    {
        await using var harness = await HarnessAtAsync(new DateTimeOffset(2024, 3, 1, 12, 0, 0, TimeSpan.Zero), Daily(catchup: false));

        Assert.Equal(1, (await harness.Scheduler.CreateDueRunsAsync(harness.Registry.Find("daily")!, CancellationToken.None)).Created);

        Assert.Equal("scheduled__2024-02-29T00:00:00Z", Assert.Single(await harness.Store.ListRunsAsync("daily")).RunId);
    }

    [Fact]
    public async Task CreateDueRuns_IsBoundedByMaxActiveRuns()
    {
        await using var harness = await HarnessAtAsync(new DateTimeOffset(2024, 1, 11, 0, 0, 0, TimeSpan.Zero), Daily(catchup: true, maxActiveRuns: 2));

        Assert.Equal(2, (await harness.Scheduler.CreateDueRunsAsync(harness.Registry.Find("daily")!, CancellationToken.None)).Created);
        Assert.Equal(0, (await harness.Scheduler.CreateDueRunsAsync(harness.Registry.Find("daily")!, CancellationToken.None)).Created);
    }

    [Fact]
    public async Task CreateDueRuns_AtMaxActiveRuns_SaysWhetherClosedIntervalsWait()
    {
        await using var harness = await HarnessAtAsync(new DateTimeOffset(2024, 1, 4, 0, 0, 0, TimeSpan.Zero), Daily(catchup: true, maxActiveRuns: 2));
        var graph = harness.Registry.Find("daily")!;

        Assert.Equal(new DueRuns(2, Waiting: true), await harness.Scheduler.CreateDueRunsAsync(graph, CancellationToken.None));
        Assert.Equal(new DueRuns(0, Waiting: true), await harness.Scheduler.CreateDueRunsAsync(graph, CancellationToken.None));

        await using var exact = await HarnessAtAsync(new DateTimeOffset(2024, 1, 3, 0, 0, 0, TimeSpan.Zero), Daily(catchup: true, maxActiveRuns: 2));
        Assert.Equal(new DueRuns(2, Waiting: false), await exact.Scheduler.CreateDueRunsAsync(exact.Registry.Find("daily")!, CancellationToken.None));
    }

    [Fact]
    public async Task CatchUp_WhenRunsFinish_CreatesAndStartsTheNextOnesWithoutATick()
    {
        await using var harness = await HarnessAtAsync(new DateTimeOffset(2024, 1, 6, 0, 0, 0, TimeSpan.Zero), Daily(catchup: true, maxActiveRuns: 2));
        var graph = harness.Registry.Find("daily")!;
        harness.AddWorker("w1");
        await harness.Scheduler.CreateDueRunsAsync(graph, CancellationToken.None);
        await harness.Scheduler.TickAsync(CancellationToken.None);
        await harness.Dispatcher.DrainAsync();
        Assert.Equal(2, (await harness.Store.ListRunsAsync("daily", DagRunState.Success)).Count);

        Assert.True(await harness.Scheduler.CatchUpAsync(graph, CancellationToken.None));

        // Started at once (the worker may already have finished them): none waits for a tick.
        var started = (await harness.Store.ListRunsAsync("daily")).Where(r => r.State != DagRunState.Queued).Select(r => r.RunId);
        Assert.Equal(["scheduled__2024-01-04T00:00:00Z", "scheduled__2024-01-03T00:00:00Z", "scheduled__2024-01-02T00:00:00Z", "scheduled__2024-01-01T00:00:00Z"], started);
        Assert.Equal(4, harness.Dispatcher.Dispatched.Count);
        await harness.Dispatcher.DrainAsync();

        Assert.False(await harness.Scheduler.CatchUpAsync(graph, CancellationToken.None));
        Assert.Equal("scheduled__2024-01-05T00:00:00Z", (await harness.Store.ListRunsAsync("daily")).First(r => r.State != DagRunState.Queued).RunId);
        Assert.Equal(5, harness.Dispatcher.Dispatched.Count);
        await harness.Dispatcher.DrainAsync();
        Assert.Equal(5, (await harness.Store.ListRunsAsync("daily", DagRunState.Success)).Count);
    }

    [Fact]
    public async Task CatchUp_YearOfMissedIntervals_RunsEachOnceInOrderWithinMaxActiveRuns()
    {
        var now = new DateTimeOffset(Start.AddDays(365)).AddHours(1);
        await using var harness = await HarnessAtAsync(now, Daily(catchup: true, maxActiveRuns: 16));
        var graph = harness.Registry.Find("daily")!;
        harness.Dispatcher.Deliver = false;
        var created = new List<DateTimeOffset>();

        for (var pass = 0; pass < 100; pass++)
        {
            var waiting = await harness.Scheduler.CatchUpAsync(graph, CancellationToken.None);

            // Every pass fills the free slots with the oldest intervals not created yet, and starts them all.
            var runs = await harness.Store.ListRunsAsync("daily", limit: 1_000);
            Assert.Equal(Math.Min(16, 365 - created.Count), runs.Count(r => r.State == DagRunState.Running));
            Assert.DoesNotContain(runs, r => r.State == DagRunState.Queued);
            created.AddRange(runs.Select(r => r.LogicalDate).Except(created).Order());
            await FinishRunningAsync(harness.Store);
            if (!waiting)
            {
                break;
            }
        }

        Assert.Equal(Enumerable.Range(0, 365).Select(d => new DateTimeOffset(Start.AddDays(d))), created);
        Assert.Equal(365, (await harness.Store.ListRunsAsync("daily", DagRunState.Success, limit: 1_000)).Count);
    }

    [Fact]
    public async Task CatchUp_RestartedScheduler_GoesOnAfterTheLatestRunWithoutDoublingOrSkipping()
    {
        var now = new DateTimeOffset(Start.AddDays(40)).AddHours(1);
        await using var first = await HarnessAtAsync(now, Daily(catchup: true, maxActiveRuns: 5));
        var graph = first.Registry.Find("daily")!;
        first.Dispatcher.Deliver = false;
        Assert.True(await first.Scheduler.CatchUpAsync(graph, CancellationToken.None));
        await FinishRunningAsync(first.Store);

        // The same store under a new scheduler (a restarted process), and the old one still racing it.
        var restarted = new RunScheduler(first.Store, first.Store, first.Store, first.Store, first.Store, first.Store, first.Store, first.Dispatcher, first.Registry, first.Time, new SchedulerOptions(), NullLogger<RunScheduler>.Instance);
        for (var pass = 0; pass < 100; pass++)
        {
            var waiting = await Task.WhenAll(restarted.CatchUpAsync(graph, CancellationToken.None), first.Scheduler.CatchUpAsync(graph, CancellationToken.None));
            Assert.InRange((await first.Store.ListRunsAsync("daily", limit: 100)).Count(r => !r.State.IsFinished()), 0, 5);
            await FinishRunningAsync(first.Store);
            if (!waiting.Any(w => w))
            {
                break;
            }
        }

        var runs = await first.Store.ListRunsAsync("daily", limit: 100);
        Assert.Equal(Enumerable.Range(0, 40).Select(d => new DateTimeOffset(Start.AddDays(39 - d))), runs.Select(r => r.LogicalDate));
        Assert.All(runs, r => Assert.Equal(DagRunState.Success, r.State));
    }

    // What the workers would do: every running run ends.
    private static async Task FinishRunningAsync(IMetadataStore store)
    {
        foreach (var run in await store.ListRunsAsync("daily", DagRunState.Running, limit: 100))
        {
            await store.UpdateRunAsync(run.Key, s => new RunChanges([], s.Run with { State = DagRunState.Success, EndedAt = DateTimeOffset.UtcNow }));
        }
    }

    [Fact]
    public async Task CatchUp_NoFreeSlot_CreatesNothing()
    {
        await using var harness = await HarnessAtAsync(new DateTimeOffset(2024, 1, 6, 0, 0, 0, TimeSpan.Zero), Daily(catchup: true, maxActiveRuns: 2));
        var graph = harness.Registry.Find("daily")!;
        await harness.Scheduler.CreateDueRunsAsync(graph, CancellationToken.None);

        Assert.True(await harness.Scheduler.CatchUpAsync(graph, CancellationToken.None));

        Assert.Equal(2, (await harness.Store.ListRunsAsync("daily")).Count);
    }

    [Fact]
    public async Task CreateDueRuns_PausedDag_CreatesNothing()
    {
        await using var harness = await HarnessAtAsync(new DateTimeOffset(2024, 1, 4, 0, 0, 0, TimeSpan.Zero), Daily(catchup: true));
        await harness.Store.SetPausedAsync("daily", true);

        Assert.Equal(0, (await harness.Scheduler.CreateDueRunsAsync(harness.Registry.Find("daily")!, CancellationToken.None)).Created);
        Assert.Empty(await harness.Store.ListRunsAsync("daily"));
    }

    [Fact]
    public async Task Tick_StartsQueuedRuns_UpToMaxActiveRuns()
    {
        await using var harness = await HarnessAtAsync(new DateTimeOffset(2024, 1, 6, 0, 0, 0, TimeSpan.Zero), Daily(catchup: true, maxActiveRuns: 5));
        await harness.Store.SetPausedAsync("daily", false);
        harness.Dispatcher.Deliver = false;
        await harness.Scheduler.CreateDueRunsAsync(harness.Registry.Find("daily")!, CancellationToken.None);

        await harness.Scheduler.TickAsync(CancellationToken.None);

        var runs = await harness.Store.ListRunsAsync("daily");
        Assert.Equal(5, runs.Count(r => r.State == DagRunState.Running));
        Assert.Equal(5, harness.Dispatcher.Dispatched.Count);
    }

    [Fact]
    public async Task Tick_ManyRunsTriggeredAtOnce_StartsEachAndWakesTheQueueOnceForAllTheirFirstTasks()
    {
        await using var harness = new EngineHarness(TimeProvider.System, new TestDag("fanned", d => d.Task("only", _ => { })));
        harness.Dispatcher.Deliver = false;
        for (var day = 1; day <= 12; day++)
        {
            await harness.TriggerAsync("fanned", new DateTimeOffset(2024, 1, day, 0, 0, 0, TimeSpan.Zero));
        }

        await harness.Scheduler.TickAsync(CancellationToken.None);

        Assert.Equal(12, (await harness.Store.ListRunsAsync("fanned", DagRunState.Running)).Count);
        Assert.Equal(12, harness.Dispatcher.Dispatched.Count(t => t.State == TaskInstanceState.Queued));
        Assert.Equal(1, harness.Dispatcher.WakeUps);
    }

    [Fact]
    public async Task CatchUp_StartsItsRuns_AndWakesTheQueueOnceForAllTheirFirstTasks()
    {
        await using var harness = await HarnessAtAsync(new DateTimeOffset(2024, 1, 11, 0, 0, 0, TimeSpan.Zero), Daily(catchup: true, maxActiveRuns: 16));
        harness.Dispatcher.Deliver = false;

        Assert.False(await harness.Scheduler.CatchUpAsync(harness.Registry.Find("daily")!, CancellationToken.None));

        Assert.Equal(10, (await harness.Store.ListRunsAsync("daily", DagRunState.Running)).Count);
        Assert.Equal(10, harness.Dispatcher.Dispatched.Count);
        Assert.Equal(1, harness.Dispatcher.WakeUps);
    }

    [Fact]
    public async Task Tick_WhenSlotsAreScarce_QueuesTheHigherPriorityFirst()
    {
        await using var harness = new EngineHarness(TimeProvider.System, new TestDag("priorities", d =>
        {
            d.Task("low", _ => { }, new TaskOptions { PriorityWeight = 1 });
            d.Task("high", _ => { }, new TaskOptions { PriorityWeight = 10 });
            d.Task("middle", _ => { }, new TaskOptions { PriorityWeight = 5 });
        }, new DagOptions { MaxActiveTasks = 1 }));
        harness.Dispatcher.Deliver = false;
        await harness.TriggerAsync("priorities", new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));

        await harness.Scheduler.TickAsync(CancellationToken.None);
        await harness.Scheduler.TickAsync(CancellationToken.None);

        Assert.Equal(["high"], harness.Dispatcher.Dispatched.Select(t => t.TaskId));
    }

    [Fact]
    public async Task Tick_FirstTasksSharingAPool_AreQueuedByTheStartWithinThePoolsSlotsHighestPriorityFirst()
    {
        await using var harness = new EngineHarness(TimeProvider.System, new TestDag("narrow", d =>
        {
            d.Task("low", _ => { }, new TaskOptions { PriorityWeight = 1, Pool = "narrow" });
            d.Task("high", _ => { }, new TaskOptions { PriorityWeight = 10, Pool = "narrow" });
            d.Task("middle", _ => { }, new TaskOptions { PriorityWeight = 5, Pool = "narrow" });
        }));
        await harness.Store.SetPoolAsync(new Pool("narrow", 2));
        harness.Dispatcher.Deliver = false;
        var key = await harness.TriggerAsync("narrow", new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var (store, writes) = WriteCountingStore.Wrap(harness.Store);
        var scheduler = new RunScheduler(store, store, store, store, store, store, store, harness.Dispatcher, harness.Registry, harness.Time,
            new SchedulerOptions { DagsArePausedAtCreation = false }, NullLogger<RunScheduler>.Instance);

        // One write starts the run and queues the two tasks the pool has room for; the next tick finds no room for the third.
        await scheduler.TickAsync(CancellationToken.None);
        Assert.Equal(1, writes.Count);
        await scheduler.TickAsync(CancellationToken.None);

        var run = (await harness.Store.GetRunAsync(key))!;
        Assert.Equal(DagRunState.Running, run.Run.State);
        Assert.Equal(["high", "middle"], run.Tasks.Values.Where(t => t.State == TaskInstanceState.Queued).Select(t => t.TaskId).Order());
        Assert.Equal(TaskInstanceState.Scheduled, run.Tasks["low"].State);
        Assert.Equal(["high", "middle"], harness.Dispatcher.Dispatched.Select(t => t.TaskId).Order());
    }

    [Fact]
    public async Task Tick_FirstTasksInTwoPools_QueuesEachAfterTheStart()
    {
        await using var harness = new EngineHarness(TimeProvider.System, new TestDag("two_pools", d =>
        {
            d.Task("in_default", _ => { });
            d.Task("in_other", _ => { }, new TaskOptions { Pool = "other" });
        }));
        harness.Dispatcher.Deliver = false;
        var key = await harness.TriggerAsync("two_pools", new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));

        await harness.Scheduler.TickAsync(CancellationToken.None);

        var run = (await harness.Store.GetRunAsync(key))!;
        Assert.All(run.Tasks.Values, t => Assert.Equal(TaskInstanceState.Queued, t.State));
        Assert.Equal(["in_default", "in_other"], harness.Dispatcher.Dispatched.Select(t => t.TaskId).Order());
        Assert.Equal(1, harness.Dispatcher.WakeUps);
    }
}
