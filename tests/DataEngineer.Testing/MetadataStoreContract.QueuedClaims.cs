using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using Xunit;

namespace DataEngineer.Testing;

/// <summary>A worker's claim of queued work: <see cref="IRunStore.ClaimQueuedAsync"/>.</summary>
public abstract partial class MetadataStoreContract
{
    [Fact]
    public async Task ClaimQueued_TakesTheQueuedTaskOfTheQueues_ByPriorityThenLongestQueued_AcrossRuns()
    {
        var store = await CreateStoreAsync();
        var (first, firstTasks) = NewRun("dag_a", Day, "old", "low", "gpu", "scheduled");
        var (second, secondTasks) = NewRun("dag_b", Day, "high", "newer");
        await store.CreateRunAsync(first with { State = DagRunState.Running }, firstTasks.Select(t => t.TaskId switch
        {
            "old" => Queued(t, 2, Day),
            "low" => Queued(t, 1, Day),
            "gpu" => Queued(t, 9, Day) with { Queue = "gpu" },
            "scheduled" => t with { State = TaskInstanceState.Scheduled, PriorityWeight = 9 },
            _ => t,
        }).ToList());
        await store.CreateRunAsync(second with { State = DagRunState.Running }, secondTasks.Select(t => t.TaskId switch
        {
            "high" => Queued(t, 5, Day.AddMinutes(1)),
            _ => Queued(t, 2, Day.AddMinutes(1)),
        }).ToList());

        var claimed = new List<string>();
        var othersQueued = new List<bool>();
        while (await store.ClaimQueuedAsync(["default"], s => Claim(s)) is { } after)
        {
            var task = after.Tasks.Values.Single();
            Assert.Equal((TaskInstanceState.Running, 1, "w"), (task.State, task.TryNumber, task.Hostname));
            claimed.Add($"{task.DagId}.{task.TaskId}");
            othersQueued.Add(after.OthersWaiting);
        }

        Assert.Equal(["dag_b.high", "dag_a.old", "dag_b.newer", "dag_a.low"], claimed);

        // Whether another task of the queues was queued beside the one claimed: the gpu queue's task does not count.
        Assert.Equal([true, true, true, false], othersQueued);
        var stored = (await store.GetRunAsync(first.Key))!;
        Assert.Equal((TaskInstanceState.Queued, TaskInstanceState.Scheduled), (stored.Tasks["gpu"].State, stored.Tasks["scheduled"].State));
        Assert.Equal(TaskInstanceState.Running, (await store.ListTriesAsync(first.Key, "old")).Single().State);
    }

    [Fact]
    public async Task ClaimQueued_NullDecision_WritesNothing_AndAnEmptyQueueGivesNull()
    {
        var store = await CreateStoreAsync();
        Assert.Null(await store.ClaimQueuedAsync(["default"], s => Claim(s)));
        var (run, tasks) = NewRun("dag_a", Day, "a");
        await store.CreateRunAsync(run with { State = DagRunState.Running }, [Queued(tasks[0], 1, Day)]);

        ScopedSnapshot? seen = null;
        Assert.Null(await store.ClaimQueuedAsync(["default"], s =>
        {
            seen = s;
            return null;
        }));

        Assert.Equal((DagRunState.Running, "a"), (seen!.Run.State, seen.Tasks.Keys.Single()));
        Assert.Equal(TaskInstanceState.Queued, (await store.GetRunAsync(run.Key))!.Tasks["a"].State);
    }

    [Fact]
    public async Task ClaimQueued_RacingWorkers_ClaimEachQueuedTaskOnce()
    {
        var store = await CreateStoreAsync();
        var ids = Enumerable.Range(0, 40).Select(i => $"t{i:00}").ToArray();
        var (run, tasks) = NewRun("dag_a", Day, ids);
        await store.CreateRunAsync(run with { State = DagRunState.Running }, tasks.Select(t => Queued(t, 1, Day)).ToList());

        var claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(worker => Task.Run(async () =>
        {
            var mine = new List<string>();
            while (await store.ClaimQueuedAsync(["default"], s => Claim(s, $"w{worker}")) is { } after)
            {
                mine.Add(after.Tasks.Keys.Single());
            }

            return mine;
        })));

        Assert.Equal(ids, claims.SelectMany(c => c).Order(StringComparer.Ordinal));
        Assert.All((await store.GetRunAsync(run.Key))!.Tasks.Values, t => Assert.Equal((TaskInstanceState.Running, 1), (t.State, t.TryNumber)));
    }

    private static TaskInstance Queued(TaskInstance task, int priority, DateTimeOffset at) =>
        task with { State = TaskInstanceState.Queued, PriorityWeight = priority, QueuedAt = at };

    private static RunChanges Claim(ScopedSnapshot scoped, string hostname = "w") =>
        new([scoped.Tasks.Values.Single() with { State = TaskInstanceState.Running, TryNumber = 1, Hostname = hostname, StartedAt = Day, HeartbeatAt = Day }]);
}
