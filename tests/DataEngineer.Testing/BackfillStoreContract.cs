using DataEngineer.Core.Execution;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Sdk;
using Xunit;

namespace DataEngineer.Testing;

/// <summary>What every store must do with backfills and their runs, written once for the in-memory store and PostgreSQL.</summary>
public abstract class BackfillStoreContract
{
    private static readonly DateTimeOffset Day = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    protected abstract Task<IMetadataStore> CreateStoreAsync();

    private static BackfillRecord NewBackfill(string dagId) => new()
    {
        DagId = dagId, From = Day, To = Day.AddDays(2), Reprocess = Reprocess.Failed, MaxActiveRuns = 2, Intervals = 3,
        CreatedBy = "olga", CreatedAt = Day.AddDays(10), UpdatedAt = Day.AddDays(10),
    };

    private static (DagRun Run, IReadOnlyList<TaskInstance> Tasks) NewRun(string dagId, DateTimeOffset logicalDate, DagRunState state = DagRunState.Queued)
    {
        var run = new DagRun
        {
            DagId = dagId, RunId = $"backfill__{logicalDate:yyyy-MM-ddTHH:mm:ssZ}", Type = DagRunType.Backfill, State = state,
            DataInterval = new DataInterval(logicalDate, logicalDate.AddDays(1)), DagVersion = "v1", CreatedAt = Day.AddDays(10),
        };
        return (run, [new TaskInstance { DagId = dagId, RunId = run.RunId, TaskId = "t", MaxTries = 1, Queue = "default", Pool = "default_pool" }]);
    }

    [Fact]
    public async Task CreateBackfill_ThenGetAndList_ReturnsItWithAnIdAndNoRuns()
    {
        var store = await CreateStoreAsync();

        var first = await store.CreateBackfillAsync(NewBackfill("dag_a"));
        var second = await store.CreateBackfillAsync(NewBackfill("dag_b"));

        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(first, await store.GetBackfillAsync(first.Id));
        Assert.Equal(BackfillState.Running, first.State);
        Assert.Equal(BackfillProgress.None, first.Progress);
        Assert.Equal([second.Id, first.Id], (await store.ListBackfillsAsync(null)).Select(b => b.Id));
        Assert.Equal([first.Id], (await store.ListBackfillsAsync("dag_a")).Select(b => b.Id));
        Assert.Null(await store.GetBackfillAsync(second.Id + 1000));
    }

    [Fact]
    public async Task SetBackfillState_OnlyFromTheGivenStates()
    {
        var store = await CreateStoreAsync();
        var backfill = await store.CreateBackfillAsync(NewBackfill("dag_a"));

        Assert.False(await store.SetBackfillStateAsync(backfill.Id, [BackfillState.Paused], BackfillState.Running, Day.AddDays(11)));
        Assert.True(await store.SetBackfillStateAsync(backfill.Id, [BackfillState.Running], BackfillState.Paused, Day.AddDays(11)));
        Assert.False(await store.SetBackfillStateAsync(backfill.Id + 1000, [BackfillState.Running], BackfillState.Paused, Day.AddDays(11)));

        var paused = (await store.GetBackfillAsync(backfill.Id))!;
        Assert.Equal((BackfillState.Paused, Day.AddDays(11)), (paused.State, paused.UpdatedAt));
    }

    [Fact]
    public async Task CreateBackfillRun_WhileRunning_CreatesAndLinks_OtherwiseCreatesNothing()
    {
        var store = await CreateStoreAsync();
        var backfill = await store.CreateBackfillAsync(NewBackfill("dag_a"));
        var (first, firstTasks) = NewRun("dag_a", Day);
        var (second, secondTasks) = NewRun("dag_a", Day.AddDays(1));

        Assert.True(await store.CreateBackfillRunAsync(backfill.Id, first, firstTasks));
        await Assert.ThrowsAsync<DuplicateRunException>(() => store.CreateBackfillRunAsync(backfill.Id, first, firstTasks));
        await store.SetBackfillStateAsync(backfill.Id, [BackfillState.Running], BackfillState.Paused, Day.AddDays(11));
        Assert.False(await store.CreateBackfillRunAsync(backfill.Id, second, secondTasks));

        Assert.Null(await store.GetRunAsync(second.Key));
        Assert.Equal([first.Key], (await store.ListBackfillRunsAsync(backfill.Id)).Select(r => r.Key));
        Assert.Equal(new BackfillProgress(1, 1, 0, 0), (await store.GetBackfillAsync(backfill.Id))!.Progress);
    }

    [Fact]
    public async Task LinkBackfillRun_ExistingRuns_CountedByState_TwiceIsHarmless()
    {
        var store = await CreateStoreAsync();
        var backfill = await store.CreateBackfillAsync(NewBackfill("dag_a"));
        var other = await store.CreateBackfillAsync(NewBackfill("dag_a"));
        var (failed, failedTasks) = NewRun("dag_a", Day, DagRunState.Failed);
        var (succeeded, succeededTasks) = NewRun("dag_a", Day.AddDays(1), DagRunState.Success);
        await store.CreateRunAsync(failed, failedTasks);
        await store.CreateRunAsync(succeeded, succeededTasks);

        Assert.True(await store.LinkBackfillRunAsync(backfill.Id, failed));
        Assert.True(await store.LinkBackfillRunAsync(backfill.Id, failed));
        Assert.True(await store.LinkBackfillRunAsync(backfill.Id, succeeded));
        await store.SetBackfillStateAsync(other.Id, [BackfillState.Running], BackfillState.Cancelled, Day.AddDays(11));
        Assert.False(await store.LinkBackfillRunAsync(other.Id, failed));

        Assert.Equal([failed.Key, succeeded.Key], (await store.ListBackfillRunsAsync(backfill.Id)).Select(r => r.Key));
        Assert.Equal(new BackfillProgress(2, 0, 1, 1), (await store.GetBackfillAsync(backfill.Id))!.Progress);
        Assert.Empty(await store.ListBackfillRunsAsync(other.Id));
        Assert.Equal(BackfillProgress.None, (await store.ListBackfillsAsync("dag_a")).Single(b => b.Id == other.Id).Progress);
    }
}
