using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using Xunit;

namespace DataEngineer.Testing;

/// <summary>The per-task path of the run store: <see cref="IRunStore.UpdateScopeAsync"/>.</summary>
public abstract partial class MetadataStoreContract
{
    [Fact]
    public async Task UpdateScope_ReadsOnlyTheScope_AndWritesTasksTriesAndXComTogether()
    {
        var store = await CreateStoreAsync();
        var (run, tasks) = NewRun("dag_a", Day, "a", "b", "c", "d");
        await store.CreateRunAsync(run, tasks);
        await store.UpdateRunAsync(run.Key, s => new RunChanges(
            [s.Tasks["a"] with { State = TaskInstanceState.Running, TryNumber = 1 }, s.Tasks["d"] with { State = TaskInstanceState.Scheduled }],
            s.Run with { State = DagRunState.Running }));

        ScopedSnapshot? seen = null;
        var after = await store.UpdateScopeAsync(run.Key, new TaskScope(["a", "b"], ["c"]), s =>
        {
            seen = s;
            return new RunChanges([s.Tasks["a"] with { State = TaskInstanceState.Success, EndedAt = Day }, s.Tasks["b"] with { State = TaskInstanceState.Scheduled }])
            {
                XCom = [new XComEntry("dag_a", run.RunId, "a", "return_value", "42")],
            };
        });

        Assert.Equal(["a", "b", "c"], seen!.Tasks.Keys.Order());
        Assert.True(seen.OthersWaiting); // d is scheduled
        Assert.Null(seen.Spare);
        Assert.Equal(DagRunState.Running, seen.Run.State);
        Assert.Equal(TaskInstanceState.Success, after!.Tasks["a"].State);
        var stored = (await store.GetRunAsync(run.Key))!;
        Assert.Equal((TaskInstanceState.Success, TaskInstanceState.Scheduled, DagRunState.Running), (stored.Tasks["a"].State, stored.Tasks["b"].State, stored.Run.State));
        Assert.Equal(TaskInstanceState.Success, (await store.ListTriesAsync(run.Key, "a")).Single().State);
        Assert.Equal("42", (await store.GetXComAsync(run.Key, "a", "return_value"))!.Json);
    }

    [Fact]
    public async Task UpdateScope_NullDecision_WritesNothing_AndNothingWaitingIsSeen()
    {
        var store = await CreateStoreAsync();
        var (run, tasks) = NewRun("dag_a", Day, "a", "b");
        await store.CreateRunAsync(run, tasks);

        ScopedSnapshot? seen = null;
        var after = await store.UpdateScopeAsync(run.Key, new TaskScope(["a"], []), s =>
        {
            seen = s;
            return null;
        });

        Assert.Null(after);
        Assert.False(seen!.OthersWaiting);
        Assert.Equal(TaskInstanceState.None, (await store.GetRunAsync(run.Key))!.Tasks["a"].State);
        await Assert.ThrowsAsync<KeyNotFoundException>(() => store.UpdateScopeAsync(new RunKey("dag_a", "nope"), new TaskScope(["a"], []), _ => RunChanges.None));
    }

    [Fact]
    public async Task UpdateScope_Spare_IsTheFirstReadyTaskOfThePoolAndQueues_ByPriority()
    {
        var store = await CreateStoreAsync();
        var (run, tasks) = NewRun("dag_a", Day, "me", "low", "high", "other_pool", "other_queue", "not_ready");
        await store.CreateRunAsync(run, tasks.Select(t => t.TaskId switch
        {
            "me" => t with { State = TaskInstanceState.Running, TryNumber = 1 },
            "low" => t with { State = TaskInstanceState.Scheduled, PriorityWeight = 1 },
            "high" => t with { State = TaskInstanceState.Scheduled, PriorityWeight = 5 },
            "other_pool" => t with { State = TaskInstanceState.Scheduled, PriorityWeight = 9, Pool = "db" },
            "other_queue" => t with { State = TaskInstanceState.Scheduled, PriorityWeight = 9, Queue = "gpu" },
            _ => t,
        }).ToList());
        var scope = new TaskScope(["me"], []) { Spare = new SpareRequest("default_pool", ["default"]) };

        var after = await store.UpdateScopeAsync(run.Key, scope, s => new RunChanges(
            [s.Tasks["me"] with { State = TaskInstanceState.Success }, s.Spare! with { State = TaskInstanceState.Running, TryNumber = 1, Hostname = "w" }]));

        Assert.Equal(("high", TaskInstanceState.Running, "w"), (after!.Spare!.TaskId, after.Spare.State, after.Spare.Hostname));
        Assert.Equal(TaskInstanceState.Running, (await store.GetRunAsync(run.Key))!.Tasks["high"].State);
        var next = await store.UpdateScopeAsync(run.Key, scope with { Locked = ["high"] }, s => RunChanges.None);
        Assert.Equal("low", next!.Spare!.TaskId);
    }

    [Fact]
    public async Task UpdateScope_RacingUpstreams_DecideTheirJoinExactlyOnce()
    {
        var store = await CreateStoreAsync();
        var upstream = Enumerable.Range(0, 24).Select(i => $"u{i:00}").ToArray();
        var (run, tasks) = NewRun("dag_a", Day, [.. upstream, "join"]);
        await store.CreateRunAsync(run, tasks.Select(t => t.TaskId == "join" ? t : t with { State = TaskInstanceState.Running, TryNumber = 1 }).ToList());
        await store.UpdateRunAsync(run.Key, s => new RunChanges([], s.Run with { State = DagRunState.Running }));
        var decisions = 0;

        // Each upstream's end locks itself and the join, reads the other upstream tasks after the locks, and schedules
        // the join when it sees every upstream done: whatever the interleaving, exactly one of them may see that.
        await Task.WhenAll(upstream.Select(id => Task.Run(async () =>
        {
            var scope = new TaskScope([id, "join"], upstream.Where(u => u != id).ToArray());
            var scheduled = false;
            await store.UpdateScopeAsync(run.Key, scope, s =>
            {
                var ended = s.Tasks[id] with { State = TaskInstanceState.Success };
                var othersDone = upstream.Where(u => u != id).All(u => s.Tasks[u].State == TaskInstanceState.Success);
                scheduled = othersDone && s.Tasks["join"].State == TaskInstanceState.None;
                return new RunChanges(scheduled ? [ended, s.Tasks["join"] with { State = TaskInstanceState.Scheduled }] : [ended]);
            });
            if (scheduled)
            {
                Interlocked.Increment(ref decisions);
            }
        })));

        Assert.Equal(1, decisions);
        Assert.Equal(TaskInstanceState.Scheduled, (await store.GetRunAsync(run.Key))!.Tasks["join"].State);
    }

    [Fact]
    public async Task UpdateScope_RacingClaimsWithLimits_NeverExceedThePool()
    {
        var store = await CreateStoreAsync();
        await store.SetPoolAsync(new Pool("tiny", 3));
        var ids = Enumerable.Range(0, 12).Select(i => $"t{i}").ToArray();
        var (run, tasks) = NewRun("dag_a", Day, ids);
        await store.CreateRunAsync(run, tasks.Select(t => t with { Pool = "tiny", State = TaskInstanceState.Scheduled }).ToList());

        await Task.WhenAll(ids.Select(id => Task.Run(() => store.UpdateScopeAsync(run.Key, new TaskScope([id], []) { LimitsOfPool = "tiny" }, s =>
            s.Occupancy!.ActiveTasksInPool < s.Occupancy.PoolSlots
                ? new RunChanges([s.Tasks[id] with { State = TaskInstanceState.Running, TryNumber = 1 }])
                : RunChanges.None))));

        var after = await store.GetRunAsync(run.Key);
        Assert.Equal(3, after!.Tasks.Values.Count(t => t.State == TaskInstanceState.Running));
    }
}
