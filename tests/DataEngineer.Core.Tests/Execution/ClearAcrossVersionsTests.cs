using DataEngineer.Core.Execution;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Tests.Fixtures;
using DataEngineer.Core.Validation;
using DataEngineer.Sdk;
using Xunit;

namespace DataEngineer.Core.Tests.Execution;

/// <summary>Clearing a run after its DAG changed: it moves to the loaded version when the tasks are the same.</summary>
public class ClearAcrossVersionsTests
{
    private static readonly DateTimeOffset Day = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static DagGraph Graph(int retries, params string[] tasks) => DagValidator.Validate(new TestDag("versions", d =>
    {
        foreach (var task in tasks)
        {
            d.Task(task, _ => { }, new TaskOptions { Retries = retries });
        }
    }, new DagOptions { Schedule = "@daily", StartDate = Day.UtcDateTime }).Build());

    private static async Task<(InMemoryMetadataStore Store, RunKey Key)> FinishedRunAsync(DagGraph graph)
    {
        var store = new InMemoryMetadataStore();
        var (run, tasks) = DagRunFactory.Create(graph, DagRunType.Manual, new DataInterval(Day, Day.AddDays(1)), RunConf.Empty, Day);
        await store.CreateRunAsync(run with { State = DagRunState.Failed, EndedAt = Day }, tasks.Select(t => t with { State = TaskInstanceState.Failed }).ToList());
        return (store, run.Key);
    }

    [Fact]
    public async Task Clear_WithAVersionOfTheSameTasks_MovesTheRunToIt()
    {
        var old = Graph(0, "a", "b");
        var current = Graph(2, "a", "b");
        Assert.NotEqual(old.Version, current.Version);
        var (store, key) = await FinishedRunAsync(old);

        var after = await store.UpdateRunAsync(key, s => RunProgression.Clear(current, s, ["a", "b"], downstream: false, DateTimeOffset.UtcNow));

        Assert.Equal(current.Version, after.Run.DagVersion);
        Assert.Equal(DagRunState.Queued, after.Run.State);
        Assert.All(after.Tasks.Values, t => Assert.Equal(TaskInstanceState.None, t.State));
    }

    [Fact]
    public async Task Clear_WithAVersionOfOtherTasks_ClearsNothing()
    {
        var old = Graph(0, "a", "b");
        var current = Graph(0, "a", "c");
        var (store, key) = await FinishedRunAsync(old);

        Assert.False(RunProgression.CanMoveTo(current, (await store.GetRunAsync(key))!));
        var after = await store.UpdateRunAsync(key, s => RunProgression.Clear(current, s, ["a"], downstream: false, DateTimeOffset.UtcNow));

        Assert.Equal(old.Version, after.Run.DagVersion);
        Assert.Equal(DagRunState.Failed, after.Run.State);
    }
}
