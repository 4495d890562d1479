using DataEngineer.Core.Execution;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Tests.Fixtures;
using DataEngineer.Sdk;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace DataEngineer.Core.Tests.Execution;

public class TaskWorkerTests
{
    private static readonly DateTimeOffset Day = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Chain_RunsDownstreamOnTheSameWorker_WithoutTheQueue()
    {
        await using var harness = new EngineHarness(TimeProvider.System, new TestDag("chain", d =>
        {
            var a = d.Task("a", _ => 1);
            var b = d.Task("b", a, (_, x) => x + 1);
            d.Task("c", b, (_, x) => x * 10);
        }));
        harness.AddWorker("w1");
        harness.AddWorker("w2");
        var key = await harness.TriggerAsync("chain", Day);

        var run = await harness.RunToEndAsync(key);

        Assert.Equal(DagRunState.Success, run.Run.State);
        Assert.Equal("20", (await harness.Store.GetXComAsync(key, "c", XComKeys.ReturnValue))!.Json);
        Assert.Equal(["a"], harness.Dispatcher.Dispatched.Select(t => t.TaskId));
        Assert.Single(run.Tasks.Values.Select(t => t.Hostname).Distinct());
    }

    [Fact]
    public async Task DownstreamOnAnotherQueue_GoesThroughTheQueueToAWorkerServingIt()
    {
        await using var harness = new EngineHarness(TimeProvider.System, new TestDag("queues", d =>
        {
            var light = d.Task("light", _ => { });
            d.Task("heavy", _ => { }, new TaskOptions { Queue = "heavy" }).After(light);
        }));
        harness.AddWorker("light-worker", queues: "default");
        harness.AddWorker("heavy-worker", queues: "heavy");
        var key = await harness.TriggerAsync("queues", Day);

        var run = await harness.RunToEndAsync(key);

        Assert.Equal(DagRunState.Success, run.Run.State);
        Assert.Equal("light-worker", run.Tasks["light"].Hostname);
        Assert.Equal("heavy-worker", run.Tasks["heavy"].Hostname);
        Assert.Equal(["light", "heavy"], harness.Dispatcher.Dispatched.Select(t => t.TaskId));
    }

    [Fact]
    public async Task MaxActiveTasks_HoldsAcrossWorkers()
    {
        var current = 0;
        var peak = 0;
        await using var harness = new EngineHarness(TimeProvider.System, new TestDag("wide", d =>
        {
            var start = d.Task("start", _ => { });
            foreach (var i in Enumerable.Range(0, 10))
            {
                d.Task($"t{i}", async _ =>
                {
                    InterlockedMax(ref peak, Interlocked.Increment(ref current));

                    await Task.Delay(20);
                    Interlocked.Decrement(ref current);
                }).After(start);
            }
        }, new DagOptions { MaxActiveTasks = 3 }));
        harness.AddWorker("w1", concurrency: 8);
        harness.AddWorker("w2", concurrency: 8);
        var key = await harness.TriggerAsync("wide", Day);

        var run = await harness.RunToEndAsync(key);

        Assert.Equal(DagRunState.Success, run.Run.State);
        Assert.InRange(peak, 1, 3);
    }

    [Fact]
    public async Task PoolSlots_HoldAcrossRuns()
    {
        var current = 0;
        var peak = 0;
        await using var harness = new EngineHarness(TimeProvider.System, new TestDag("pooled", d => d.Task("load", async _ =>
        {
            var now = Interlocked.Increment(ref current);
            InterlockedMax(ref peak, now);
            await Task.Delay(20);
            Interlocked.Decrement(ref current);
        }, new TaskOptions { Pool = "warehouse" })));
        await harness.Store.SetPoolAsync(new Pool("warehouse", 1));
        harness.AddWorker("w1");
        harness.AddWorker("w2");
        var keys = new List<RunKey>();
        foreach (var day in Enumerable.Range(0, 4))
        {
            keys.Add(await harness.TriggerAsync("pooled", Day.AddDays(day)));
        }

        foreach (var key in keys)
        {
            Assert.Equal(DagRunState.Success, (await harness.RunToEndAsync(key)).Run.State);
        }

        Assert.Equal(1, peak);
    }

    [Fact]
    public async Task DeadWorkersTry_IsReapedAndRetriedElsewhere_AndItsLateReportIsIgnored()
    {
        var clock = new FakeTimeProvider(Day);
        await using var harness = new EngineHarness(clock, new TestDag("zombie", d => d.Task("t", ctx => ctx.TryNumber,
            new TaskOptions { Retries = 1, RetryDelay = TimeSpan.Zero })));
        harness.AddWorker("survivor");
        var key = await harness.TriggerAsync("zombie", Day);
        var graph = harness.Registry.Find("zombie")!;
        await harness.Store.UpdateRunAsync(key, s => RunProgression.Start(s, clock.GetUtcNow()));
        await harness.Store.UpdateRunAsync(key, s => RunProgression.Advance(graph, s, clock.GetUtcNow()));
        await harness.Store.UpdateRunAsync(key, s => RunProgression.Claim(s, "t", "dead-worker", clock.GetUtcNow()));

        clock.Advance(TimeSpan.FromSeconds(59));
        await harness.Scheduler.TickAsync(CancellationToken.None);
        Assert.Equal(TaskInstanceState.Running, (await harness.Store.GetRunAsync(key))!.Tasks["t"].State);

        clock.Advance(TimeSpan.FromSeconds(2));
        var run = await harness.RunToEndAsync(key);

        Assert.Equal(DagRunState.Success, run.Run.State);
        Assert.Equal("survivor", run.Tasks["t"].Hostname);
        var tries = await harness.Store.ListTriesAsync(key, "t");
        Assert.Equal([TaskInstanceState.UpForRetry, TaskInstanceState.Success], tries.Select(t => t.State));
        Assert.Contains("dead-worker stopped heartbeating", tries[0].Error, StringComparison.Ordinal);

        var late = await harness.Store.UpdateRunAsync(key, s => RunProgression.Complete(graph, s, "t", 1, TaskTryOutcome.Failed("late"), clock.GetUtcNow()));
        Assert.Equal(TaskInstanceState.Success, late.Tasks["t"].State);
    }

    [Fact]
    public async Task LostQueueMessage_IsDispatchedAgainAfterTheRequeueDelay()
    {
        var clock = new FakeTimeProvider(Day);
        await using var harness = new EngineHarness(clock, new TestDag("lost", d => d.Task("t", _ => { })));
        harness.AddWorker("w1");
        var key = await harness.TriggerAsync("lost", Day);
        harness.Dispatcher.Deliver = false;
        await harness.Scheduler.TickAsync(CancellationToken.None);
        Assert.Equal(TaskInstanceState.Queued, (await harness.Store.GetRunAsync(key))!.Tasks["t"].State);

        harness.Dispatcher.Deliver = true;
        clock.Advance(TimeSpan.FromSeconds(61));
        var run = await harness.RunToEndAsync(key);

        Assert.Equal(DagRunState.Success, run.Run.State);
        Assert.Equal(2, harness.Dispatcher.Dispatched.Count);
    }

    [Fact]
    public async Task Heartbeat_KeepsARunningTryAlive()
    {
        var clock = new FakeTimeProvider(Day);
        var release = new TaskCompletionSource();
        await using var harness = new EngineHarness(clock, new TestDag("long", d => d.Task("t", async _ => await release.Task)));
        var worker = harness.AddWorker("w1");
        using var stop = new CancellationTokenSource();
        var beats = worker.HeartbeatAsync(stop.Token);
        var key = await harness.TriggerAsync("long", Day);
        await harness.Scheduler.TickAsync(CancellationToken.None);
        await WaitUntilAsync(() => worker.RunningTries.Count == 1);

        for (var i = 0; i < 30; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(5));
            await WaitUntilAsync(async () => (await harness.Store.GetRunAsync(key))!.Tasks["t"].HeartbeatAt == clock.GetUtcNow());
        }

        await harness.Scheduler.TickAsync(CancellationToken.None);
        Assert.Equal(TaskInstanceState.Running, (await harness.Store.GetRunAsync(key))!.Tasks["t"].State);
        release.SetResult();
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => beats);
    }

    [Fact]
    public async Task Wake_ClaimingTheLastQueuedTask_EndsTheDrainWithoutAClaimThatFindsNothing()
    {
        var release = new TaskCompletionSource();
        var (store, claims) = WriteCountingStore.Wrap(new InMemoryMetadataStore());
        var graph = Core.Validation.DagValidator.Validate(new TestDag("two", d =>
        {
            d.Task("a", async _ => await release.Task);
            d.Task("b", async _ => await release.Task);
        }).Build());
        var (run, tasks) = DagRunFactory.Create(graph, DagRunType.Manual, new DataInterval(Day, Day), RunConf.Empty, Day);
        await store.CreateRunAsync(run, tasks);
        await store.UpdateRunAsync(run.Key, s => RunProgression.Start(s, Day));
        await store.UpdateRunAsync(run.Key, s => new RunChanges([.. s.Tasks.Values.Select(t => t with { State = TaskInstanceState.Queued, QueuedAt = Day })]));
        await using var worker = new TaskWorker(store, new InProcessDispatcher(), new StaticDagRegistry([graph]), TimeProvider.System,
            new WorkerOptions { Hostname = "w", Concurrency = 4 }, new TaskRuntimeOptions(), Microsoft.Extensions.Logging.Abstractions.NullLogger<TaskWorker>.Instance);

        // Two free slots more than there are queued tasks: the second claim saw nothing else queued, so no third is made.
        var before = claims.Count;
        await worker.WakeAsync(Core.Validation.TaskSettings.DefaultQueue, CancellationToken.None);
        Assert.Equal(2, claims.Count - before);
        await WaitUntilAsync(() => worker.RunningTries.Count == 2);

        release.SetResult();
        await WaitUntilAsync(async () => (await store.GetRunAsync(run.Key))!.Run.State == DagRunState.Success);
    }

    [Fact]
    public async Task Chain_ItsLastTasksEndAndTheRunsEnd_AreOneWrite()
    {
        var (store, writes) = WriteCountingStore.Wrap(new InMemoryMetadataStore());
        var graph = Core.Validation.DagValidator.Validate(new TestDag("chain3", d => d.Chain([d.Task("a", _ => 1), d.Task("b", _ => 2), d.Task("c", _ => 3)])).Build());
        var (run, tasks) = DagRunFactory.Create(graph, DagRunType.Manual, new DataInterval(Day, Day), RunConf.Empty, Day);
        await store.CreateRunAsync(run, tasks);
        await store.UpdateRunAsync(run.Key, s => RunProgression.Start(s, Day));
        await store.UpdateRunAsync(run.Key, s => RunProgression.Advance(graph, s, Day));
        await store.UpdateRunAsync(run.Key, s => new RunChanges([s.Tasks["a"] with { State = TaskInstanceState.Queued, QueuedAt = Day }]));
        await using var worker = new TaskWorker(store, new InProcessDispatcher(), new StaticDagRegistry([graph]), TimeProvider.System,
            new WorkerOptions { Hostname = "w" }, new TaskRuntimeOptions(), Microsoft.Extensions.Logging.Abstractions.NullLogger<TaskWorker>.Instance);

        // The claim of a, a's end handing its slot to b, b's to c, and c's end with the run's: four writes (five with a
        // separate settling), and the slot's look for more queued work.
        var before = writes.Count;
        await worker.DrainQueueAsync(Core.Validation.TaskSettings.DefaultQueue, CancellationToken.None);

        var after = (await store.GetRunAsync(run.Key))!;
        Assert.Equal(DagRunState.Success, after.Run.State);
        Assert.All(after.Tasks.Values, t => Assert.Equal(TaskInstanceState.Success, t.State));
        Assert.Equal("3", (await store.GetXComAsync(run.Key, "c", XComKeys.ReturnValue))!.Json);
        Assert.Equal(5, writes.Count - before);
    }

    [Fact]
    public async Task Heartbeat_RacingATryWhoseEndIsBeingRecorded_CancelsNothingAndWarnsNoOne()
    {
        var clock = new FakeTimeProvider(Day);
        var (store, gate) = EndGateStore.Wrap(new InMemoryMetadataStore());
        // t's end takes the per-task path (a DAG's only sink ends on the whole-run path), which the store holds.
        var graph = Core.Validation.DagValidator.Validate(new TestDag("racing", d => d.Chain([d.Task("t", _ => 42), d.Task("sink", _ => { })])).Build());
        var (run, tasks) = DagRunFactory.Create(graph, DagRunType.Manual, new DataInterval(Day, Day), RunConf.Empty, Day);
        await store.CreateRunAsync(run, tasks);
        await store.UpdateRunAsync(run.Key, s => RunProgression.Start(s, Day));
        await store.UpdateRunAsync(run.Key, s => RunProgression.Advance(graph, s, Day));
        await store.UpdateRunAsync(run.Key, s => new RunChanges([s.Tasks["t"] with { State = TaskInstanceState.Queued, QueuedAt = Day }]));
        var logger = new RecordingLogger<TaskWorker>();
        await using var worker = new TaskWorker(store, new InProcessDispatcher(), new StaticDagRegistry([graph]), clock, new WorkerOptions { Hostname = "w" },
            new TaskRuntimeOptions(), logger);
        using var stop = new CancellationTokenSource();
        var beats = worker.HeartbeatAsync(stop.Token);

        // The try's end is committed; its worker has not gone on yet when the heartbeat finds the task no longer running.
        var drain = worker.DrainQueueAsync(Core.Validation.TaskSettings.DefaultQueue, CancellationToken.None);
        await gate.Written.Task.WaitAsync(TimeSpan.FromSeconds(30));
        for (var beat = 1; beat <= 2; beat++)
        {
            // The second heartbeat starts only once the first one's answer has been acted on.
            clock.Advance(TimeSpan.FromSeconds(5));
            await WaitUntilAsync(() => gate.Heartbeats >= beat);
        }

        gate.Release.SetResult();
        await drain;

        Assert.Equal(TaskInstanceState.Success, (await store.GetRunAsync(run.Key))!.Tasks["t"].State);
        Assert.DoesNotContain(logger.Warnings, w => w.Contains("no longer owns", StringComparison.Ordinal));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => beats);
    }

    [Fact]
    public async Task Shutdown_CancelsRunningTries_AndRecordsThemForRetry()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var harness = new EngineHarness(TimeProvider.System, new TestDag("stopping", d => d.Task("t", async ctx =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, ctx.CancellationToken);
        }, new TaskOptions { Retries = 2, RetryDelay = TimeSpan.FromMinutes(1) })));
        var worker = harness.AddWorker("w1");
        var key = await harness.TriggerAsync("stopping", Day);
        await harness.Scheduler.TickAsync(CancellationToken.None);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await harness.DisposeAsync();

        var task = (await harness.Store.GetRunAsync(key))!.Tasks["t"];
        Assert.Equal(TaskInstanceState.UpForRetry, task.State);
        Assert.Equal("Cancelled: the worker is shutting down.", task.Error);
        Assert.Empty(worker.RunningTries);
    }

    [Fact]
    public async Task DatabaseOutageAsATryEnds_TheResultAndLogAreStillRecorded()
    {
        var (store, outage) = OutageStore.Wrap(new InMemoryMetadataStore());
        // t's end takes the per-task path (a DAG's only sink ends on the whole-run path).
        var graph = Core.Validation.DagValidator.Validate(new TestDag("outage", d => d.Chain([d.Task("t", ctx =>
        {
            ctx.Logger.LogInformation("worked");
            outage.Begin(new Dictionary<string, int> { [nameof(IRunStore.UpdateScopeAsync)] = 2, [nameof(ITaskLogStore.AppendLogAsync)] = 2 });
            return 42;
        }), d.Task("sink", _ => { })])).Build());
        var registry = new StaticDagRegistry([graph]);
        var (run, tasks) = DagRunFactory.Create(graph, DagRunType.Manual, new DataInterval(Day, Day), RunConf.Empty, Day);
        await store.CreateRunAsync(run, tasks);
        await store.UpdateRunAsync(run.Key, s => RunProgression.Start(s, Day));
        await store.UpdateRunAsync(run.Key, s => RunProgression.Advance(graph, s, Day));
        await using var worker = new TaskWorker(store, new InProcessDispatcher(), registry, TimeProvider.System, new WorkerOptions { Hostname = "w" },
            new TaskRuntimeOptions(), Microsoft.Extensions.Logging.Abstractions.NullLogger<TaskWorker>.Instance);

        await store.UpdateRunAsync(run.Key, s => new RunChanges([s.Tasks["t"] with { State = TaskInstanceState.Queued, QueuedAt = Day }]));
        await worker.DrainQueueAsync(Core.Validation.TaskSettings.DefaultQueue, CancellationToken.None);

        // The end, its XCom and the log's last line are one write: it failed twice and then went through whole.
        Assert.Equal(2, outage.Failed);
        var after = (await store.GetRunAsync(run.Key))!;
        Assert.Equal((TaskInstanceState.Success, DagRunState.Success), (after.Tasks["t"].State, after.Run.State));
        Assert.Equal("42", (await store.GetXComAsync(run.Key, "t", XComKeys.ReturnValue))!.Json);
        Assert.Contains(await store.GetLogAsync(run.Key, "t", 1), l => l.Message == "worked");
    }

    private static async Task WaitUntilAsync(Func<bool> condition) => await WaitUntilAsync(() => Task.FromResult(condition()));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 500; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(10);
        }

        throw new TimeoutException("The condition did not become true within 5 s.");
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
