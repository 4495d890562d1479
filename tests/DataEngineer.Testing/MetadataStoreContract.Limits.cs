using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using Xunit;

namespace DataEngineer.Testing;

// The limits without a lock around the decision (issue #16): claims racing never exceed MaxActiveTasks, MaxActiveRuns
// or a pool's slots, and every path that ends a queued or running task gives its slots back, exactly once.
public abstract partial class MetadataStoreContract
{
    [Fact]
    public async Task UpdateScope_RacingClaimsAcrossRuns_NeverExceedMaxActiveTasks()
    {
        var store = await CreateStoreAsync();
        var ids = Enumerable.Range(0, 8).Select(i => $"t{i}").ToArray();
        var runs = new List<RunKey>();
        foreach (var day in new[] { Day, Day.AddDays(1) })
        {
            var (run, tasks) = NewRun("dag_a", day, ids);
            await store.CreateRunAsync(run, tasks.Select(t => t with { State = TaskInstanceState.Scheduled }).ToList());
            runs.Add(run.Key);
        }

        await Task.WhenAll(runs.SelectMany(key => ids.Select(id => Task.Run(() =>
            store.UpdateScopeAsync(key, new TaskScope([id], []) { LimitsOfPool = "default_pool", MaxActiveTasks = 3 }, s =>
                s.Occupancy!.ActiveTasksOfDag < 3 && s.Occupancy.ActiveTasksInPool < s.Occupancy.PoolSlots
                    ? new RunChanges([s.Tasks[id] with { State = TaskInstanceState.Queued }])
                    : RunChanges.None)))));

        var active = 0;
        foreach (var key in runs)
        {
            active += (await store.GetRunAsync(key))!.Tasks.Values.Count(t => t.State == TaskInstanceState.Queued);
        }

        Assert.Equal(3, active);
        Assert.Equal(new Occupancy(0, 3, 3, 128), await OccupancyAsync(store, runs[0], "default_pool"));
    }

    [Fact]
    public async Task UpdateScope_ADecisionIgnoringTheLimits_IsHeldByTheStore()
    {
        var store = await CreateStoreAsync();
        await store.SetPoolAsync(new Pool("tiny", 2));
        var (run, tasks) = NewRun("dag_a", Day, "a", "b", "c");
        await store.CreateRunAsync(run, tasks.Select(t => t with { Pool = "tiny", State = TaskInstanceState.Scheduled }).ToList());

        // A decision that claims whatever the occupancy says: the store refuses the write that would exceed the pool.
        foreach (var id in new[] { "a", "b" })
        {
            await store.UpdateScopeAsync(run.Key, new TaskScope([id], []) { LimitsOfPool = "tiny" }, s =>
                new RunChanges([s.Tasks[id] with { State = TaskInstanceState.Running, TryNumber = 1 }]));
        }

        var seen = new List<Occupancy>();
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.UpdateScopeAsync(run.Key, new TaskScope(["c"], []) { LimitsOfPool = "tiny" }, s =>
        {
            seen.Add(s.Occupancy!);
            return new RunChanges([s.Tasks["c"] with { State = TaskInstanceState.Running, TryNumber = 1 }]);
        }));

        Assert.All(seen, occupancy => Assert.Equal(2, occupancy.ActiveTasksInPool));
        Assert.Equal(TaskInstanceState.Scheduled, (await store.GetRunAsync(run.Key))!.Tasks["c"].State);
    }

    [Fact]
    public async Task UpdateRunWithOccupancy_RacingStarts_NeverExceedMaxActiveRuns()
    {
        var store = await CreateStoreAsync();
        var keys = new List<RunKey>();
        for (var day = 0; day < 6; day++)
        {
            var (run, tasks) = NewRun("dag_a", Day.AddDays(day), "t");
            await store.CreateRunAsync(run, tasks);
            keys.Add(run.Key);
        }

        await Task.WhenAll(keys.Select(key => Task.Run(() => store.UpdateRunWithOccupancyAsync(key, new ClaimLimits(MaxActiveRuns: 2), (s, occupancy) =>
            s.Run.State == DagRunState.Queued && occupancy.RunningRunsOfDag < 2
                ? new RunChanges([], s.Run with { State = DagRunState.Running })
                : RunChanges.None))));

        Assert.Equal(2, (await store.ListRunsAsync("dag_a", DagRunState.Running)).Count);
        Assert.Equal(2, (await OccupancyAsync(store, keys[0], null)).RunningRunsOfDag);
    }

    [Fact]
    public async Task Occupancy_EveryEndingPath_GivesTheSlotsBackOnce()
    {
        var store = await CreateStoreAsync();
        await store.SetPoolAsync(new Pool("p", 10));
        var ids = new[] { "complete", "mark", "clear", "reap", "handoff", "spare", "stays" };
        var (run, tasks) = NewRun("dag_a", Day, ids);
        var (other, otherTasks) = NewRun("dag_b", Day, "x", "y");
        await store.CreateRunAsync(run, tasks.Select(t => t with { Pool = "p" }).ToList());
        await store.CreateRunAsync(other, otherTasks.Select(t => t with { Pool = "p" }).ToList());
        await store.UpdateRunAsync(run.Key, s => new RunChanges(
            [.. s.Tasks.Values.Select(t => t.TaskId switch
            {
                "clear" => t with { State = TaskInstanceState.Queued },
                "spare" => t with { State = TaskInstanceState.Scheduled },
                _ => t with { State = TaskInstanceState.Running, TryNumber = 1 },
            })],
            s.Run with { State = DagRunState.Running }));
        await store.UpdateRunAsync(other.Key, s => new RunChanges(
            [.. s.Tasks.Values.Select(t => t with { State = TaskInstanceState.Running, TryNumber = 1 })], s.Run with { State = DagRunState.Running }));
        Assert.Equal(new Occupancy(1, 6, 8, 10), await OccupancyAsync(store, run.Key, "p"));

        // A try's end on the per-task path.
        await store.UpdateScopeAsync(run.Key, new TaskScope(["complete"], []), s => new RunChanges([s.Tasks["complete"] with { State = TaskInstanceState.Success }]));
        Assert.Equal(new Occupancy(1, 5, 7, 10), await OccupancyAsync(store, run.Key, "p"));

        // A person marking a running task, clearing a queued one.
        await store.UpdateRunAsync(run.Key, s => new RunChanges([s.Tasks["mark"] with { State = TaskInstanceState.Failed }]));
        await store.UpdateRunAsync(run.Key, s => new RunChanges([s.Tasks["clear"] with { State = TaskInstanceState.None }]));
        Assert.Equal(new Occupancy(1, 3, 5, 10), await OccupancyAsync(store, run.Key, "p"));

        // The zombie reaper ending a dead worker's try.
        await store.UpdateRunAsync(run.Key, s => new RunChanges([s.Tasks["reap"] with { State = TaskInstanceState.UpForRetry }]));
        Assert.Equal(new Occupancy(1, 2, 4, 10), await OccupancyAsync(store, run.Key, "p"));

        // A finishing try handing its slot to the next task: the occupancy does not change.
        await store.UpdateScopeAsync(run.Key, new TaskScope(["handoff"], []) { Spare = new SpareRequest("p", ["default"]) }, s =>
            new RunChanges([s.Tasks["handoff"] with { State = TaskInstanceState.Success }, s.Spare! with { State = TaskInstanceState.Running, TryNumber = 1 }]));
        Assert.Equal(new Occupancy(1, 2, 4, 10), await OccupancyAsync(store, run.Key, "p"));

        // The pool's slots changed: the new slots count at once.
        await store.SetPoolAsync(new Pool("p", 3));
        Assert.Equal(new Occupancy(1, 2, 4, 3), await OccupancyAsync(store, run.Key, "p"));

        // The run ends; the other DAG's run is cancelled (its running tasks and the run failed in one write).
        await store.UpdateRunAsync(run.Key, s => new RunChanges(
            [s.Tasks["spare"] with { State = TaskInstanceState.Success }, s.Tasks["stays"] with { State = TaskInstanceState.Success }],
            s.Run with { State = DagRunState.Success }));
        await store.UpdateRunAsync(other.Key, s => new RunChanges(
            [.. s.Tasks.Values.Select(t => t with { State = TaskInstanceState.Failed })], s.Run with { State = DagRunState.Failed }));
        Assert.Equal(new Occupancy(0, 0, 0, 3), await OccupancyAsync(store, run.Key, "p"));
        Assert.Equal(new Occupancy(0, 0, 0, 3), await OccupancyAsync(store, other.Key, "p"));
    }

    private static async Task<Occupancy> OccupancyAsync(IMetadataStore store, RunKey key, string? pool)
    {
        Occupancy? seen = null;
        await store.UpdateRunWithOccupancyAsync(key, new ClaimLimits(pool), (_, occupancy) =>
        {
            seen = occupancy;
            return RunChanges.None;
        });
        return seen!;
    }
}
