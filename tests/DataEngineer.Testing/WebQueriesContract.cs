using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Sdk;
using Xunit;

namespace DataEngineer.Testing;

/// <summary>
/// What every metadata store must answer for the web UI and REST API: DAG overview pages with filters,
/// run history pages, a run's XCom, queue depths, process heartbeats, the audit log and web users.
/// </summary>
public abstract class WebQueriesContract
{
    private static readonly DateTimeOffset Day = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    protected abstract Task<IMetadataStore> CreateStoreAsync();

    private static DagRecord Dag(string id, string? owner = null, params string[] tags) =>
        new() { DagId = id, Version = "v1", Owner = owner, Tags = tags, Description = $"The {id} pipeline", LastSeenAt = Day };

    private static async Task<DagRun> AddRunAsync(IMetadataStore store, string dagId, int day, DagRunState state, params (string Task, TaskInstanceState State)[] tasks)
    {
        var start = Day.AddDays(day);
        var run = new DagRun
        {
            DagId = dagId, RunId = $"scheduled__{start:yyyy-MM-dd}", Type = DagRunType.Scheduled, DataInterval = new DataInterval(start, start.AddDays(1)),
            State = state, DagVersion = "v1", CreatedAt = start.AddDays(1),
        };
        await store.CreateRunAsync(run, tasks.Select(t => new TaskInstance
        {
            DagId = dagId, RunId = run.RunId, TaskId = t.Task, State = t.State, MaxTries = 1, Queue = t.Task == "heavy" ? "big" : "default", Pool = "default_pool",
        }).ToList());
        return run;
    }

    [Fact]
    public async Task ListDagOverviews_PagesInIdOrder_WithNewestRunsFirst()
    {
        var store = await CreateStoreAsync();
        foreach (var id in new[] { "c", "a", "b", "d" })
        {
            await store.SyncDagAsync(Dag(id), pausedAtCreation: false);
        }

        for (var day = 0; day < 5; day++)
        {
            await AddRunAsync(store, "b", day, day == 4 ? DagRunState.Failed : DagRunState.Success);
        }

        var page = await store.ListDagOverviewsAsync(new DagOverviewQuery { Offset = 1, Limit = 2, RecentRuns = 3 });

        Assert.Equal(4, page.Total);
        Assert.Equal(["b", "c"], page.Dags.Select(d => d.Dag.DagId));
        Assert.Equal([Day.AddDays(4), Day.AddDays(3), Day.AddDays(2)], page.Dags[0].RecentRuns.Select(r => r.LogicalDate));
        Assert.Equal(DagRunState.Failed, page.Dags[0].LastRun!.State);
        Assert.Empty(page.Dags[1].RecentRuns);
    }

    [Fact]
    public async Task ListDagOverviews_Filters_CombineAndCount()
    {
        var store = await CreateStoreAsync();
        await store.SyncDagAsync(Dag("orders_etl", "data", "etl", "finance"), pausedAtCreation: false);
        await store.SyncDagAsync(Dag("sales_report", "analytics", "reporting"), pausedAtCreation: true);
        await store.SyncDagAsync(Dag("orders_export", "data", "etl"), pausedAtCreation: false);
        await AddRunAsync(store, "orders_etl", 0, DagRunState.Success);
        await AddRunAsync(store, "orders_etl", 1, DagRunState.Failed);
        await AddRunAsync(store, "orders_export", 0, DagRunState.Failed);
        await AddRunAsync(store, "orders_export", 1, DagRunState.Success);

        async Task<string[]> Ids(DagOverviewQuery q) => (await store.ListDagOverviewsAsync(q)).Dags.Select(d => d.Dag.DagId).ToArray();

        Assert.Equal(["orders_etl", "orders_export"], await Ids(new DagOverviewQuery { Search = "ORDERS" }));
        Assert.Equal(["sales_report"], await Ids(new DagOverviewQuery { Search = "analy" }));
        Assert.Equal(["orders_etl"], await Ids(new DagOverviewQuery { Tag = "finance" }));
        Assert.Equal(["orders_etl", "orders_export"], await Ids(new DagOverviewQuery { Owner = "data" }));
        Assert.Equal(["sales_report"], await Ids(new DagOverviewQuery { Paused = true }));
        Assert.Equal(["orders_etl"], await Ids(new DagOverviewQuery { LastRunState = DagRunState.Failed }));
        Assert.Equal(["orders_export"], await Ids(new DagOverviewQuery { LastRunState = DagRunState.Success, Tag = "etl" }));
        Assert.Empty(await Ids(new DagOverviewQuery { Search = "%" }));
        Assert.Empty(await Ids(new DagOverviewQuery { Search = "orders'; DROP TABLE dags; --" }));

        var page = await store.ListDagOverviewsAsync(new DagOverviewQuery { Tag = "etl", Limit = 1 });
        Assert.Equal(2, page.Total);
        Assert.Equal(["etl", "finance", "reporting"], page.Tags);
        Assert.Equal(["analytics", "data"], page.Owners);
    }

    [Fact]
    public async Task ListRunHistory_PagesNewestFirst_WithTaskInstances()
    {
        var store = await CreateStoreAsync();
        for (var day = 0; day < 5; day++)
        {
            await AddRunAsync(store, "etl", day, DagRunState.Success, ("extract", TaskInstanceState.Success), ("load", day == 3 ? TaskInstanceState.Failed : TaskInstanceState.Success));
        }

        await AddRunAsync(store, "other", 0, DagRunState.Success, ("x", TaskInstanceState.Success));

        var page = await store.ListRunHistoryAsync("etl", offset: 1, limit: 2);

        Assert.Equal(5, page.Total);
        Assert.Equal([Day.AddDays(3), Day.AddDays(2)], page.Runs.Select(r => r.Run.LogicalDate));
        Assert.Equal(["extract", "load"], page.Runs[0].Tasks.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(TaskInstanceState.Failed, page.Runs[0].Tasks["load"].State);
        Assert.Empty((await store.ListRunHistoryAsync("unknown", 0, 10)).Runs);
    }

    [Fact]
    public async Task ListXCom_ReturnsTheRunsValuesOnly()
    {
        var store = await CreateStoreAsync();
        var run = await AddRunAsync(store, "etl", 0, DagRunState.Success, ("a", TaskInstanceState.Success), ("b", TaskInstanceState.Success));
        var other = await AddRunAsync(store, "etl", 1, DagRunState.Success, ("a", TaskInstanceState.Success));
        await store.SetXComAsync(new XComEntry("etl", run.RunId, "b", "return_value", "[1, 2]"));
        await store.SetXComAsync(new XComEntry("etl", run.RunId, "a", "return_value", "{\"rows\": 3}"));
        await store.SetXComAsync(new XComEntry("etl", other.RunId, "a", "return_value", "4"));

        var entries = await store.ListXComAsync(run.Key);

        Assert.Equal(["a", "b"], entries.Select(e => e.TaskId));
        Assert.Equal(3, System.Text.Json.JsonDocument.Parse(entries[0].Json).RootElement.GetProperty("rows").GetInt32());
    }

    [Fact]
    public async Task ListQueueDepths_CountsWaitingAndRunningPerQueue()
    {
        var store = await CreateStoreAsync();
        await AddRunAsync(store, "etl", 0, DagRunState.Running,
            ("a", TaskInstanceState.Running), ("b", TaskInstanceState.Queued), ("c", TaskInstanceState.Scheduled), ("d", TaskInstanceState.Success), ("heavy", TaskInstanceState.Queued));

        var depths = await store.ListQueueDepthsAsync();

        Assert.Equal([new QueueDepth("big", 0, 1, 0), new QueueDepth("default", 1, 1, 1)], depths);
    }

    [Fact]
    public async Task Processes_LatestHeartbeatWins_AndSilentOnesAreLeftOut()
    {
        var store = await CreateStoreAsync();
        var worker = new EngineProcessRecord { ProcessId = "w1", Hostname = "box", Roles = ["worker"], Queues = ["default"], Concurrency = 4, StartedAt = Day, HeartbeatAt = Day };
        await store.HeartbeatProcessAsync(worker);
        await store.HeartbeatProcessAsync(worker with { HeartbeatAt = Day.AddMinutes(1) });
        await store.HeartbeatProcessAsync(worker with { ProcessId = "old", HeartbeatAt = Day.AddMinutes(-30) });

        var live = await store.ListProcessesAsync(Day);

        var only = Assert.Single(live);
        Assert.Equal(Day.AddMinutes(1), only.HeartbeatAt);
        Assert.Equal(["default"], only.Queues);
    }

    [Fact]
    public async Task Audit_ListsNewestFirst_WithTotal()
    {
        var store = await CreateStoreAsync();
        for (var i = 0; i < 3; i++)
        {
            await store.AppendAuditAsync(new AuditEntry(Day.AddMinutes(i), "olga", "dag.pause", $"dag_{i}", ""));
        }

        var page = await store.ListAuditAsync(0, 2);

        Assert.Equal(3, page.Total);
        Assert.Equal(["dag_2", "dag_1"], page.Entries.Select(e => e.Target));
    }

    [Fact]
    public async Task Users_CreatedOnce_SecondCreateIsRefused()
    {
        var store = await CreateStoreAsync();
        Assert.True(await store.TryCreateUserAsync(new UserAccount("admin", "hash-1", "admin", Day)));
        Assert.False(await store.TryCreateUserAsync(new UserAccount("admin", "hash-2", "admin", Day)));

        var user = await store.GetUserAsync("admin");

        Assert.Equal("hash-1", user!.PasswordHash);
        Assert.Null(await store.GetUserAsync("nobody"));
    }

    [Fact]
    public async Task SessionStamps_EnsureKeepsTheFirst_ReplaceEndsIt_PerUser()
    {
        var stamps = (ISessionStampStore)await CreateStoreAsync();
        var user = "stamp-user-" + Guid.NewGuid().ToString("N");

        Assert.Null(await stamps.GetSessionStampAsync(user));
        Assert.Equal("first", await stamps.EnsureSessionStampAsync(user, "first", Day));
        Assert.Equal("first", await stamps.EnsureSessionStampAsync(user, "second", Day));
        Assert.Equal("first", await stamps.GetSessionStampAsync(user));

        await stamps.ReplaceSessionStampAsync(user, "third", Day.AddHours(1));

        Assert.Equal("third", await stamps.GetSessionStampAsync(user));
        Assert.Equal("third", await stamps.EnsureSessionStampAsync(user, "fourth", Day.AddHours(2)));
        Assert.Null(await stamps.GetSessionStampAsync(user + "-other"));
    }
}
