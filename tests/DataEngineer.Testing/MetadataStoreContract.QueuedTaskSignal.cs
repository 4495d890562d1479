using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using Xunit;

namespace DataEngineer.Testing;

/// <summary>
/// Workers hear tasks of their queues the moment they are queued (<see cref="IQueuedTaskSignal"/>), and the dispatcher
/// asks which are still unclaimed (<see cref="IRunStore.ListStillQueuedAsync"/>).
/// </summary>
public abstract partial class MetadataStoreContract
{
    private static readonly HashSet<string> DefaultQueue = ["default"];

    [Fact]
    public async Task ListenForTasks_ATaskQueuedWhileNobodyWaited_IsHeardWithItsQueue_ByTheListenersOfThatQueueOnly()
    {
        var store = await CreateStoreAsync();
        var (run, tasks) = NewRun("dag_a", Day, "a", "b");
        await store.CreateRunAsync(run with { State = DagRunState.Running }, tasks);
        await using var defaults = await store.ListenForTasksAsync(DefaultQueue);
        await using var gpus = await store.ListenForTasksAsync(new HashSet<string> { "gpu" });
        await using var both = await store.ListenForTasksAsync(new HashSet<string> { "default", "gpu" });
        Assert.Empty(await defaults.WaitAsync(Unheard));

        await store.UpdateRunAsync(run.Key, s => new RunChanges([Queued(s.Tasks["a"], 1, Day)]));

        Assert.Equal(["default"], await defaults.WaitAsync(Heard));
        Assert.Equal(["default"], await both.WaitAsync(Heard));
        Assert.Empty(await gpus.WaitAsync(Unheard));
        Assert.Empty(await defaults.WaitAsync(Unheard));
    }

    [Fact]
    public async Task ListenForTasks_TwoQueuesInOneWrite_AreBothHeard_ButATaskStayingQueuedOrClaimedIsNot()
    {
        var store = await CreateStoreAsync();
        var (run, tasks) = NewRun("dag_a", Day, "a", "b");
        await store.CreateRunAsync(run with { State = DagRunState.Running }, tasks.Select(t => t.TaskId == "b" ? t with { Queue = "gpu" } : t).ToList());
        await using var listener = await store.ListenForTasksAsync(new HashSet<string> { "default", "gpu" });

        await store.UpdateRunAsync(run.Key, s => new RunChanges([Queued(s.Tasks["a"], 1, Day), Queued(s.Tasks["b"], 1, Day)]));
        // Heard by one wait or by two in a row (PostgreSQL delivers one notification per queue).
        var heard = new HashSet<string>(await listener.WaitAsync(Heard));
        if (heard.Count < 2)
        {
            heard.UnionWith(await listener.WaitAsync(Heard));
        }

        Assert.Equal(["default", "gpu"], heard.Order(StringComparer.Ordinal));

        // Re-prioritised while queued, then claimed: neither queues a task.
        await store.UpdateRunAsync(run.Key, s => new RunChanges([s.Tasks["a"] with { PriorityWeight = 7 }]));
        Assert.NotNull(await store.ClaimQueuedAsync(["gpu"], s => Claim(s)));
        Assert.Empty(await listener.WaitAsync(Unheard));
    }

    [Fact]
    public async Task ListenForTasks_AQueueingTheLimitsRefuse_IsNotHeard()
    {
        var store = await CreateStoreAsync();
        await store.SetPoolAsync(new Pool("tiny", 1));
        var (run, tasks) = NewRun("dag_a", Day, "a", "b");
        await store.CreateRunAsync(run with { State = DagRunState.Running }, tasks.Select(t => t with { Pool = "tiny", State = TaskInstanceState.Scheduled }).ToList());
        await store.UpdateScopeAsync(run.Key, new TaskScope(["a"], []) { LimitsOfPool = "tiny" }, s => new RunChanges([Queued(s.Tasks["a"], 1, Day)]));
        await using var listener = await store.ListenForTasksAsync(DefaultQueue);

        // A decision that queues whatever the occupancy says: the store refuses the write, so nobody is told of it.
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.UpdateScopeAsync(run.Key, new TaskScope(["b"], []) { LimitsOfPool = "tiny" },
            s => new RunChanges([Queued(s.Tasks["b"], 1, Day)])));

        Assert.Empty(await listener.WaitAsync(Unheard));
        Assert.Equal(TaskInstanceState.Scheduled, (await store.GetRunAsync(run.Key))!.Tasks["b"].State);
    }

    [Fact]
    public async Task ListenForTasks_DoesNotHearAnotherStore()
    {
        var store = await CreateStoreAsync();
        var other = await CreateStoreAsync();
        await using var listener = await store.ListenForTasksAsync(DefaultQueue);
        var (run, tasks) = NewRun("dag_a", Day, "a");

        await other.CreateRunAsync(run with { State = DagRunState.Running }, tasks);
        await other.UpdateRunAsync(run.Key, s => new RunChanges([Queued(s.Tasks["a"], 1, Day)]));

        Assert.Empty(await listener.WaitAsync(Unheard));
    }

    [Fact]
    public async Task ListStillQueued_ReturnsTheGivenTasksStillQueued_AsStoredNow()
    {
        var store = await CreateStoreAsync();
        var (run, tasks) = NewRun("dag_a", Day, "claimed", "waiting", "never");
        await store.CreateRunAsync(run with { State = DagRunState.Running }, tasks.Select(t => t.TaskId switch
        {
            "never" => t,
            "claimed" => Queued(t, 2, Day),
            _ => Queued(t, 1, Day),
        }).ToList());
        var asked = (await store.GetRunAsync(run.Key))!.Tasks.Values.ToList();
        Assert.Equal("claimed", (await store.ClaimQueuedAsync(["default"], s => Claim(s)))!.Tasks.Values.Single().TaskId);
        await store.UpdateRunAsync(run.Key, s => new RunChanges([s.Tasks["waiting"] with { PriorityWeight = 4 }]));
        var gone = asked[0] with { DagId = "no_such_dag" };

        var still = await store.ListStillQueuedAsync([.. asked, gone]);

        Assert.Equal(("waiting", 4), (still.Single().TaskId, still.Single().PriorityWeight));
        Assert.Empty(await store.ListStillQueuedAsync([]));
    }
}
