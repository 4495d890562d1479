using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using Xunit;

namespace DataEngineer.Testing;

/// <summary>Schedulers hear runs the moment they are queued (<see cref="IQueuedRunSignal"/>).</summary>
public abstract partial class MetadataStoreContract
{
    // Long enough for a notification to arrive on a loaded machine; a wait that hears nothing is the short one.
    private static readonly TimeSpan Heard = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Unheard = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task Listen_ARunQueuedWhileNobodyWaited_IsHeardByTheNextWait()
    {
        var store = await CreateStoreAsync();
        await using var listener = await store.ListenAsync();
        var (run, tasks) = NewRun("dag_a", Day, "t");
        Assert.False(await listener.WaitAsync(Unheard));

        await store.CreateRunAsync(run, tasks);

        Assert.True(await listener.WaitAsync(Heard));
        Assert.False(await listener.WaitAsync(Unheard));
    }

    [Fact]
    public async Task Listen_EveryListenerHearsAQueuedRun_AndAStoppedOneNoLonger()
    {
        var store = await CreateStoreAsync();
        await using var one = await store.ListenAsync();
        var two = await store.ListenAsync();
        await two.DisposeAsync();
        await using var three = await store.ListenAsync();
        var (run, tasks) = NewRun("dag_a", Day, "t");

        var waiting = one.WaitAsync(Heard);
        await store.CreateRunAsync(run, tasks);

        Assert.True(await waiting);
        Assert.True(await three.WaitAsync(Heard));
    }

    [Fact]
    public async Task Listen_HearsAFinishedRunReopenedToQueued_ButNotRunsStartedOrEnded()
    {
        var store = await CreateStoreAsync();
        var (run, tasks) = NewRun("dag_a", Day, "t");
        await store.CreateRunAsync(run, tasks);
        await using var listener = await store.ListenAsync();

        await store.UpdateRunAsync(run.Key, s => new RunChanges([], s.Run with { State = DagRunState.Running, StartedAt = Day }));
        await store.UpdateRunAsync(run.Key, s => new RunChanges([], s.Run with { State = DagRunState.Failed, EndedAt = Day }));
        Assert.False(await listener.WaitAsync(Unheard));

        await store.UpdateRunAsync(run.Key, s => new RunChanges([], s.Run with { State = DagRunState.Queued, EndedAt = null }));
        Assert.True(await listener.WaitAsync(Heard));
    }

    [Fact]
    public async Task Listen_ScheduledRunsAndCatchupBatchesCreated_AreNotHeard_TheirSchedulerStartsThem()
    {
        var store = await CreateStoreAsync();
        await using var listener = await store.ListenAsync();
        var (run, tasks) = NewRun("dag_a", Day, "t");
        var (other, otherTasks) = NewRun("dag_a", Day.AddDays(1), "t");

        await store.CreateRunAsync(run with { Type = DagRunType.Scheduled }, tasks);
        Assert.Single(await store.CreateRunsAsync([(other, otherTasks)]));

        Assert.False(await listener.WaitAsync(Unheard));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(9_999)]
    [InlineData(0)]
    public async Task Listen_ATimeoutUnderAMillisecond_EndsTheWait(long ticks)
    {
        var store = await CreateStoreAsync();
        await using var listener = await store.ListenAsync();

        // A scheduler's wait is what is left of its tick, which can be a sliver: it must end, not wait for ever.
        Assert.False(await listener.WaitAsync(TimeSpan.FromTicks(ticks)).WaitAsync(Heard));
    }

    [Fact]
    public async Task Listen_DoesNotHearAnotherStore()
    {
        var store = await CreateStoreAsync();
        var other = await CreateStoreAsync();
        await using var listener = await store.ListenAsync();
        var (run, tasks) = NewRun("dag_a", Day, "t");

        await other.CreateRunAsync(run, tasks);

        Assert.False(await listener.WaitAsync(Unheard));
    }
}
