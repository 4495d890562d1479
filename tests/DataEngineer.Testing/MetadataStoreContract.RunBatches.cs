using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using Xunit;

namespace DataEngineer.Testing;

/// <summary>Runs created in a batch (<see cref="IRunStore.CreateRunsAsync"/>): a catchup's write.</summary>
public abstract partial class MetadataStoreContract
{
    [Fact]
    public async Task CreateRuns_Batch_CreatesEveryRunWithItsTasks()
    {
        var store = await CreateStoreAsync();
        var batch = Enumerable.Range(0, 5).Select(i => NewRun("dag_a", Day.AddDays(i), "extract", "load")).ToList();

        var created = await store.CreateRunsAsync(batch);

        Assert.Equal(batch.Select(b => b.Run), created);
        foreach (var (run, _) in batch)
        {
            var stored = (await store.GetRunAsync(run.Key))!;
            Assert.Equal(run, stored.Run);
            Assert.Equal(["extract", "load"], stored.Tasks.Keys.Order());
            Assert.All(stored.Tasks.Values, t => Assert.Equal((TaskInstanceState.None, 3, "default_pool"), (t.State, t.MaxTries, t.Pool)));
        }
    }

    [Fact]
    public async Task CreateRuns_SomeExistAlready_SkipsThemAndKeepsTheirTasks()
    {
        var store = await CreateStoreAsync();
        var (existing, existingTasks) = NewRun("dag_a", Day.AddDays(1), "t");
        await store.CreateRunAsync(existing, existingTasks);
        await store.UpdateRunAsync(existing.Key, s => new RunChanges([s.Tasks["t"] with { State = TaskInstanceState.Scheduled }], s.Run with { State = DagRunState.Running }));

        // Day + 1 again (another scheduler's run for that logical date, under another run id), and two new ones.
        var sameDate = NewRun("dag_a", Day.AddDays(1), "t");
        sameDate = (sameDate.Run with { RunId = "scheduled__other" }, sameDate.Tasks.Select(t => t with { RunId = "scheduled__other" }).ToList());
        var batch = new[] { NewRun("dag_a", Day, "t"), sameDate, NewRun("dag_a", Day.AddDays(2), "t") };

        var created = await store.CreateRunsAsync(batch);

        Assert.Equal([batch[0].Run.RunId, batch[2].Run.RunId], created.Select(r => r.RunId));
        Assert.Equal(3, (await store.ListRunsAsync("dag_a")).Count);
        Assert.Null(await store.GetRunAsync(new RunKey("dag_a", "scheduled__other")));
        var kept = (await store.GetRunAsync(existing.Key))!;
        Assert.Equal((DagRunState.Running, TaskInstanceState.Scheduled), (kept.Run.State, kept.Tasks["t"].State));
        Assert.Empty(await store.CreateRunsAsync(batch));
    }

    [Fact]
    public async Task CreateRuns_Empty_CreatesNothing()
    {
        var store = await CreateStoreAsync();

        Assert.Empty(await store.CreateRunsAsync([]));
        Assert.Empty(await store.ListRunsAsync("dag_a"));
    }

    [Fact]
    public async Task CreateRuns_TaskAlreadyStarted_IsRefusedAndCreatesNothing()
    {
        var store = await CreateStoreAsync();
        var (run, tasks) = NewRun("dag_a", Day, "t");
        var started = tasks.Select(t => t with { State = TaskInstanceState.Running, TryNumber = 1, StartedAt = Day }).ToList();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.CreateRunsAsync([NewRun("dag_a", Day.AddDays(1), "t"), (run, started)]));

        Assert.Contains("has already started try 1", error.Message);
        Assert.Contains("CreateRunAsync", error.Message);
        Assert.Empty(await store.ListRunsAsync("dag_a"));
    }
}
