using DataEngineer.Core.Loading;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Sdk;
using Xunit;

namespace DataEngineer.Testing;

/// <summary>
/// What every metadata store must answer for the "broken now" view: failed runs not followed by a success, stuck runs,
/// tasks queued too long, tries up for retry, breached datasets, failed error checks and import errors; and pool use.
/// </summary>
public abstract class BrokenNowContract
{
    private static readonly DateTimeOffset Day = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = Day.AddDays(10);

    protected abstract Task<IMetadataStore> CreateStoreAsync();

    private static async Task<DagRun> AddRunAsync(IMetadataStore store, string dagId, int day, DagRunState state, params TaskInstance[] tasks)
    {
        var start = Day.AddDays(day);
        var run = new DagRun
        {
            DagId = dagId, RunId = $"scheduled__{start:yyyy-MM-dd}", Type = DagRunType.Scheduled, DataInterval = new DataInterval(start, start.AddDays(1)),
            State = state, DagVersion = "v1", CreatedAt = start.AddDays(1),
            EndedAt = state is DagRunState.Success or DagRunState.Failed ? start.AddDays(1).AddHours(1) : null,
        };
        await store.CreateRunAsync(run, tasks.Select(t => t with { DagId = dagId, RunId = run.RunId }).ToList());
        return run;
    }

    private static TaskInstance Task(string id, TaskInstanceState state, string pool = Pool.DefaultName) =>
        new() { DagId = "", RunId = "", TaskId = id, State = state, TryNumber = state == TaskInstanceState.None ? 0 : 1, MaxTries = 2, Queue = "default", Pool = pool };

    private static CheckRecord Check(string name, string severity, long failing, DateTimeOffset at) => new()
    {
        DagId = "etl", RunId = "scheduled__2024-01-09", TaskId = "load", TryNumber = 1, Name = name, Kind = "sql", Severity = severity,
        Target = "orders", FailingCount = failing, SampleJson = "[]", At = at,
    };

    private static DatasetWrite Write(string dataset, DateTimeOffset at, TimeSpan? sla) => new()
    {
        Dataset = dataset, DagId = "etl", RunId = "scheduled__2024-01-09", TaskId = "load", TryNumber = 1, At = at, LogicalDate = at,
        RowCount = 10, RowsWritten = 10, FreshnessSla = sla,
    };

    [Fact]
    public async Task GetBrokenNow_ListsEachKindOfBreakage_AndLeavesOutWhatRecoveredOrIsOld()
    {
        var store = await CreateStoreAsync();
        await AddRunAsync(store, "etl", 5, DagRunState.Failed);
        await AddRunAsync(store, "etl", 6, DagRunState.Success);
        var failed = await AddRunAsync(store, "etl", 8, DagRunState.Failed);
        await AddRunAsync(store, "old", 0, DagRunState.Failed);
        var stuck = await AddRunAsync(store, "stuck", 8, DagRunState.Running, Task("a", TaskInstanceState.Success), Task("b", TaskInstanceState.UpstreamFailed));
        await AddRunAsync(store, "busy", 8, DagRunState.Running, Task("a", TaskInstanceState.Running),
            Task("late", TaskInstanceState.Queued) with { QueuedAt = Now.AddHours(-2) },
            Task("fresh", TaskInstanceState.Queued) with { QueuedAt = Now.AddMinutes(-1) },
            Task("retry", TaskInstanceState.UpForRetry) with { NextTryAt = Now.AddMinutes(5), Error = "boom" });
        // A sensor between two pokes and an approval waiting for a decision are in flight, though they hold no slot.
        await AddRunAsync(store, "sensing", 8, DagRunState.Running, Task("a", TaskInstanceState.Success),
            Task("sensor", TaskInstanceState.UpForReschedule) with { NextTryAt = Now.AddMinutes(1) });
        await AddRunAsync(store, "asking", 8, DagRunState.Running, Task("approve", TaskInstanceState.AwaitingInput));
        var waiting = await AddRunAsync(store, "waiting", 2, DagRunState.Queued);
        await AddRunAsync(store, "waiting", 9, DagRunState.Queued);
        await store.RecordTryObservationsAsync(new TryObservations
        {
            Writes = [Write("stale.orders", Now.AddHours(-3), TimeSpan.FromHours(1)), Write("fresh.orders", Now.AddHours(-1), TimeSpan.FromDays(1)), Write("nosla.orders", Day, null)],
            Checks =
            [
                Check("unique_id", "error", 3, Now.AddDays(-2)), Check("unique_id", "error", 0, Now.AddDays(-1)),
                Check("not_null_id", "error", 5, Now.AddHours(-1)), Check("accepted_status", "warn", 7, Now.AddHours(-1)),
                Check("ancient", "error", 1, Day),
            ],
        });
        await store.ReplaceImportErrorsAsync([new DagImportError("dags/bad.cs", null, "CS1002: ; expected", 3)]);

        var broken = await store.GetBrokenNowAsync(new BrokenNowQuery { Now = Now, FailedWithin = TimeSpan.FromDays(7), QueuedLongerThan = TimeSpan.FromMinutes(30) });

        Assert.Equal([failed.Key], broken.FailedRuns.Select(r => r.Key));
        Assert.Equal([waiting.Key, stuck.Key], broken.StuckRuns.Select(s => s.Run.Key));
        Assert.Equal(StuckRun.NothingInFlight, broken.StuckRuns[1].Reason);
        Assert.StartsWith("queued since 2024-01-04 00:00:00Z", broken.StuckRuns[0].Reason, StringComparison.Ordinal);
        Assert.Equal(["late"], broken.QueuedTooLong.Select(t => t.TaskId));
        var retry = Assert.Single(broken.UpForRetry);
        Assert.Equal(("busy", "retry", Now.AddMinutes(5)), (retry.DagId, retry.TaskId, retry.NextTryAt!.Value));
        Assert.Equal(["stale.orders"], broken.BreachedDatasets.Select(d => d.Name));
        Assert.Equal(["not_null_id"], broken.FailedChecks.Select(c => c.Name));
        Assert.Equal(5, broken.FailedChecks[0].FailingCount);
        Assert.Equal("dags/bad.cs", Assert.Single(broken.ImportErrors).Source);
        Assert.Equal(8, broken.Count);
    }

    [Fact]
    public async Task GetBrokenNow_NothingBroken_IsEmpty()
    {
        var store = await CreateStoreAsync();
        await AddRunAsync(store, "etl", 8, DagRunState.Success, Task("a", TaskInstanceState.Success));
        await AddRunAsync(store, "etl", 9, DagRunState.Running, Task("a", TaskInstanceState.Running));

        var broken = await store.GetBrokenNowAsync(new BrokenNowQuery { Now = Now });

        Assert.Equal(0, broken.Count);
    }

    [Fact]
    public async Task GetBrokenNow_Limit_CapsEachKind()
    {
        var store = await CreateStoreAsync();
        for (var day = 3; day < 9; day++)
        {
            await AddRunAsync(store, $"dag{day}", day, DagRunState.Failed);
        }

        var broken = await store.GetBrokenNowAsync(new BrokenNowQuery { Now = Now, Limit = 2 });

        Assert.Equal(["dag8", "dag7"], broken.FailedRuns.Select(r => r.DagId));
    }

    [Fact]
    public async Task ListPoolUsage_CountsQueuedAndRunningTriesPerPool_IncludingPoolsOnlyTasksName()
    {
        var store = await CreateStoreAsync();
        await store.SetPoolAsync(new Pool("db", 2));
        await AddRunAsync(store, "etl", 8, DagRunState.Running,
            Task("a", TaskInstanceState.Running, "db"), Task("b", TaskInstanceState.Queued, "db"), Task("c", TaskInstanceState.Success, "db"),
            Task("d", TaskInstanceState.Running, "adhoc"));

        var usage = await store.ListPoolUsageAsync();

        Assert.Equal(
            [new PoolUsage("adhoc", Pool.DefaultSlots, 0, 1), new PoolUsage("db", 2, 1, 1), new PoolUsage(Pool.DefaultName, Pool.DefaultSlots, 0, 0)],
            usage);
    }
}
