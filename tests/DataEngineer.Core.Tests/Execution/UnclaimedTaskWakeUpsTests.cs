using DataEngineer.Core.Execution;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Tests.Fixtures;
using DataEngineer.Sdk;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace DataEngineer.Core.Tests.Execution;

/// <summary>The carrier's wake-up goes out after the grace, for the queued tasks no listening worker claimed.</summary>
public class UnclaimedTaskWakeUpsTests
{
    private static readonly DateTimeOffset Day = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AfterTheGrace_OnlyTheTasksStillQueuedAreWoken()
    {
        var time = new FakeTimeProvider(Day);
        var store = new InMemoryMetadataStore();
        var queued = await QueueAsync(store, "claimed", "waiting", "cancelled");
        var carrier = new RecordingDispatcher();
        var wakeUps = new UnclaimedTaskWakeUps(carrier, store, time, NullLogger<UnclaimedTaskWakeUps>.Instance);

        await wakeUps.DispatchAsync(queued);
        time.Advance(UnclaimedTaskWakeUps.Grace - TimeSpan.FromMilliseconds(1));
        await store.UpdateRunAsync(queued[0].Run, s => new RunChanges([
            s.Tasks["claimed"] with { State = TaskInstanceState.Running, TryNumber = 1 },
            s.Tasks["cancelled"] with { State = TaskInstanceState.Failed },
        ]));
        Assert.False(carrier.HasWakeUp);
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(["waiting"], (await carrier.NextAsync()).Select(t => t.TaskId));
    }

    [Fact]
    public async Task AllClaimedWithinTheGrace_NothingIsWoken()
    {
        var time = new FakeTimeProvider(Day);
        var store = new InMemoryMetadataStore();
        var queued = await QueueAsync(store, "a");
        var carrier = new RecordingDispatcher();
        var wakeUps = new UnclaimedTaskWakeUps(carrier, store, time, NullLogger<UnclaimedTaskWakeUps>.Instance);

        await wakeUps.DispatchAsync(queued);
        await store.UpdateRunAsync(queued[0].Run, s => new RunChanges([s.Tasks["a"] with { State = TaskInstanceState.Running, TryNumber = 1 }]));
        time.Advance(UnclaimedTaskWakeUps.Grace);

        // A later batch's wake-up is the first the carrier sees: the claimed batch's check woke nothing.
        var later = await QueueAsync(store, "b");
        await wakeUps.DispatchAsync(later);
        time.Advance(UnclaimedTaskWakeUps.Grace);
        Assert.Equal(["b"], (await carrier.NextAsync()).Select(t => t.TaskId));
    }

    [Fact]
    public async Task DisposedWithinTheGrace_ItsCheckIsDropped()
    {
        var time = new FakeTimeProvider(Day);
        var store = new InMemoryMetadataStore();
        var carrier = new RecordingDispatcher();
        var stopping = new UnclaimedTaskWakeUps(carrier, store, time, NullLogger<UnclaimedTaskWakeUps>.Instance);

        await stopping.DispatchAsync(await QueueAsync(store, "a"));
        stopping.Dispose();
        time.Advance(UnclaimedTaskWakeUps.Grace);

        // The next process's wake-up is the first the carrier sees: the stopped one's check woke nothing.
        using var next = new UnclaimedTaskWakeUps(carrier, store, time, NullLogger<UnclaimedTaskWakeUps>.Instance);
        await next.DispatchAsync(await QueueAsync(store, "b"));
        time.Advance(UnclaimedTaskWakeUps.Grace);
        Assert.Equal(["b"], (await carrier.NextAsync()).Select(t => t.TaskId));
    }

    [Fact]
    public async Task TheStoreCannotSay_EveryTaskIsWoken()
    {
        var time = new FakeTimeProvider(Day);
        var (store, outage) = OutageStore.Wrap(new InMemoryMetadataStore());
        var queued = await QueueAsync(store, "a", "b");
        var carrier = new RecordingDispatcher();
        var wakeUps = new UnclaimedTaskWakeUps(carrier, store, time, NullLogger<UnclaimedTaskWakeUps>.Instance);
        outage.Begin(new Dictionary<string, int> { [nameof(IRunStore.ListStillQueuedAsync)] = 1 });

        await wakeUps.DispatchAsync(queued);
        time.Advance(UnclaimedTaskWakeUps.Grace);

        Assert.Equal(["a", "b"], (await carrier.NextAsync()).Select(t => t.TaskId));
    }

    private static async Task<List<TaskInstance>> QueueAsync(IMetadataStore store, params string[] taskIds)
    {
        var run = new DagRun
        {
            DagId = $"dag_{taskIds[0]}", RunId = "manual__1", Type = DagRunType.Manual, State = DagRunState.Running,
            DataInterval = new DataInterval(Day, Day.AddDays(1)), DagVersion = "v1", CreatedAt = Day,
        };
        var tasks = taskIds.Select(id => new TaskInstance
        {
            DagId = run.DagId, RunId = run.RunId, TaskId = id, MaxTries = 1, Queue = "default", Pool = "default_pool", State = TaskInstanceState.Queued, QueuedAt = Day,
        }).ToList();
        await store.CreateRunAsync(run, tasks);
        return tasks;
    }
}
