using DataEngineer.Core.Loading;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Sdk;
using Xunit;

namespace DataEngineer.Testing;

/// <summary>
/// What every metadata store must do, written once (Dagster's storage test suite is the model).
/// Each store's test class derives from this and says how to make a fresh, empty store.
/// </summary>
public abstract partial class MetadataStoreContract
{
    private static readonly DateTimeOffset Day = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    protected abstract Task<IMetadataStore> CreateStoreAsync();

    private static (DagRun Run, IReadOnlyList<TaskInstance> Tasks) NewRun(string dagId, DateTimeOffset logicalDate, params string[] taskIds)
    {
        var run = new DagRun
        {
            DagId = dagId,
            RunId = $"manual__{logicalDate:yyyy-MM-ddTHH:mm:ssZ}",
            Type = DagRunType.Manual,
            DataInterval = new DataInterval(logicalDate, logicalDate.AddDays(1)),
            ConfJson = """{"limit": 3}""",
            DagVersion = "abc123abc123",
            CreatedAt = logicalDate.AddDays(1),
        };
        var tasks = taskIds.Select(id => new TaskInstance { DagId = dagId, RunId = run.RunId, TaskId = id, MaxTries = 3, Queue = "default", Pool = "default_pool" }).ToList();
        return (run, tasks);
    }

    [Fact]
    public async Task CreateRun_ThenGet_ReturnsRunAndTasks()
    {
        var store = await CreateStoreAsync();
        var (run, tasks) = NewRun("dag_a", Day, "extract", "load");
        await store.CreateRunAsync(run, tasks);

        var snapshot = await store.GetRunAsync(run.Key);

        Assert.NotNull(snapshot);
        Assert.Equal(run, snapshot.Run);
        Assert.Equal(["extract", "load"], snapshot.Tasks.Keys.Order());
        Assert.All(snapshot.Tasks.Values, t => Assert.Equal(TaskInstanceState.None, t.State));
    }

    [Fact]
    public async Task GetRun_Unknown_ReturnsNull()
    {
        var store = await CreateStoreAsync();
        Assert.Null(await store.GetRunAsync(new RunKey("nope", "nope")));
    }

    [Fact]
    public async Task CreateRun_SameLogicalDateTwice_IsRefused()
    {
        var store = await CreateStoreAsync();
        var (run, tasks) = NewRun("dag_a", Day, "t");
        await store.CreateRunAsync(run, tasks);

        var other = run with { RunId = "another_id" };
        await Assert.ThrowsAsync<DuplicateRunException>(() => store.CreateRunAsync(other, []));
        await Assert.ThrowsAsync<DuplicateRunException>(() => store.CreateRunAsync(run, tasks));
        Assert.Single(await store.ListRunsAsync("dag_a"));
    }

    [Fact]
    public async Task CreateRun_SameDateOtherDag_IsAllowed()
    {
        var store = await CreateStoreAsync();
        var (a, aTasks) = NewRun("dag_a", Day, "t");
        var (b, bTasks) = NewRun("dag_b", Day, "t");
        await store.CreateRunAsync(a, aTasks);
        await store.CreateRunAsync(b, bTasks);

        Assert.Single(await store.ListRunsAsync("dag_a"));
        Assert.Single(await store.ListRunsAsync("dag_b"));
    }

    [Fact]
    public async Task ListRuns_NewestLogicalDateFirst_WithLimit()
    {
        var store = await CreateStoreAsync();
        foreach (var offset in new[] { 2, 0, 1 })
        {
            var (run, tasks) = NewRun("dag_a", Day.AddDays(offset), "t");
            await store.CreateRunAsync(run, tasks);
        }

        var runs = await store.ListRunsAsync("dag_a", limit: 2);

        Assert.Equal([Day.AddDays(2), Day.AddDays(1)], runs.Select(r => r.LogicalDate));
    }

    [Fact]
    public async Task UpdateRun_WritesTasksAndRunAtomically_AndRecordsTries()
    {
        var store = await CreateStoreAsync();
        var (run, tasks) = NewRun("dag_a", Day, "extract", "load");
        await store.CreateRunAsync(run, tasks);

        var after = await store.UpdateRunAsync(run.Key, s => new RunChanges(
            [s.Tasks["extract"] with { State = TaskInstanceState.Running, TryNumber = 1, StartedAt = Day, Hostname = "w1" }],
            s.Run with { State = DagRunState.Running, StartedAt = Day }));

        Assert.Equal(DagRunState.Running, after.Run.State);
        Assert.Equal(TaskInstanceState.Running, after.Tasks["extract"].State);
        Assert.Equal(TaskInstanceState.None, after.Tasks["load"].State);
        var reread = await store.GetRunAsync(run.Key);
        Assert.Equal(after.Run, reread!.Run);
        Assert.Equal(after.Tasks["extract"], reread.Tasks["extract"]);

        await store.UpdateRunAsync(run.Key, s => new RunChanges([s.Tasks["extract"] with
        {
            State = TaskInstanceState.UpForRetry, EndedAt = Day.AddMinutes(1), Error = "boom", RowsRead = 7,
        }]));
        await store.UpdateRunAsync(run.Key, s => new RunChanges([s.Tasks["extract"] with
        {
            State = TaskInstanceState.Success, TryNumber = 2, StartedAt = Day.AddMinutes(6), EndedAt = Day.AddMinutes(7), Error = null, RowsRead = 9,
        }]));

        var tries = await store.ListTriesAsync(run.Key, "extract");
        Assert.Equal([1, 2], tries.Select(t => t.TryNumber));
        Assert.Equal(TaskInstanceState.UpForRetry, tries[0].State);
        Assert.Equal("boom", tries[0].Error);
        Assert.Equal(7, tries[0].RowsRead);
        Assert.Equal(TaskInstanceState.Success, tries[1].State);
        Assert.Equal(9, tries[1].RowsRead);
        Assert.Empty(await store.ListTriesAsync(run.Key, "load"));
    }

    [Fact]
    public async Task UpdateRun_NoChanges_LeavesRunAsItWas()
    {
        var store = await CreateStoreAsync();
        var (run, tasks) = NewRun("dag_a", Day, "t");
        await store.CreateRunAsync(run, tasks);

        var after = await store.UpdateRunAsync(run.Key, _ => RunChanges.None);

        Assert.Equal(run, after.Run);
    }

    [Fact]
    public async Task UpdateRun_Concurrent_IsSerialised()
    {
        var store = await CreateStoreAsync();
        var (run, tasks) = NewRun("dag_a", Day, "t");
        await store.CreateRunAsync(run, tasks);

        // Each update reads the try number and writes it plus one: lost updates would show as a smaller total.
        await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() =>
            store.UpdateRunAsync(run.Key, s => new RunChanges([s.Tasks["t"] with { TryNumber = s.Tasks["t"].TryNumber + 1 }])))));

        var after = await store.GetRunAsync(run.Key);
        Assert.Equal(40, after!.Tasks["t"].TryNumber);
    }

    [Fact]
    public async Task UpdateRun_UnknownRun_Throws()
    {
        var store = await CreateStoreAsync();
        await Assert.ThrowsAsync<KeyNotFoundException>(() => store.UpdateRunAsync(new RunKey("nope", "nope"), _ => RunChanges.None));
    }

    [Fact]
    public async Task XCom_SetReplaceGet_ByRunTaskAndKey()
    {
        var store = await CreateStoreAsync();
        var (run, tasks) = NewRun("dag_a", Day, "t");
        await store.CreateRunAsync(run, tasks);

        await store.SetXComAsync(new XComEntry("dag_a", run.RunId, "t", XComKeys.ReturnValue, """{"rows": 1}"""));
        await store.SetXComAsync(new XComEntry("dag_a", run.RunId, "t", XComKeys.ReturnValue, """{"rows": 2}"""));
        await store.SetXComAsync(new XComEntry("dag_a", run.RunId, "t", "extra", "[1, 2, 3]"));

        var value = await store.GetXComAsync(run.Key, "t", XComKeys.ReturnValue);
        Assert.NotNull(value);
        Assert.Equal(2, System.Text.Json.JsonDocument.Parse(value.Json).RootElement.GetProperty("rows").GetInt32());
        Assert.NotNull(await store.GetXComAsync(run.Key, "t", "extra"));
        Assert.Null(await store.GetXComAsync(run.Key, "t", "missing"));
        Assert.Null(await store.GetXComAsync(run.Key, "other", XComKeys.ReturnValue));
    }

    [Fact]
    public async Task Log_AppendsPerTry_InOrder()
    {
        var store = await CreateStoreAsync();
        var (run, tasks) = NewRun("dag_a", Day, "t");
        await store.CreateRunAsync(run, tasks);

        await store.AppendLogAsync(run.Key, "t", 1, [new TaskLogLine(Day, "INFORMATION", "first"), new TaskLogLine(Day.AddSeconds(1), "ERROR", "second")]);
        await store.AppendLogAsync(run.Key, "t", 1, [new TaskLogLine(Day.AddSeconds(2), "INFORMATION", "third")]);
        await store.AppendLogAsync(run.Key, "t", 2, [new TaskLogLine(Day.AddSeconds(3), "INFORMATION", "retry")]);

        Assert.Equal(["first", "second", "third"], (await store.GetLogAsync(run.Key, "t", 1)).Select(l => l.Message));
        Assert.Equal(["retry"], (await store.GetLogAsync(run.Key, "t", 2)).Select(l => l.Message));
        Assert.Empty(await store.GetLogAsync(run.Key, "t", 3));
    }

    [Fact]
    public async Task Log_ReadFromAPosition_ReturnsTheLinesAfterIt()
    {
        var store = await CreateStoreAsync();
        var (run, tasks) = NewRun("dag_a", Day, "t");
        await store.CreateRunAsync(run, tasks);
        await store.AppendLogAsync(run.Key, "t", 1, [new TaskLogLine(Day, "INFORMATION", "first"), new TaskLogLine(Day, "WARNING", "second")]);
        await store.AppendLogAsync(run.Key, "t", 1, [new TaskLogLine(Day, "ERROR", "third")]);

        Assert.Equal(["second", "third"], (await store.GetLogAsync(run.Key, "t", 1, 1)).Select(l => l.Message));
        Assert.Equal(["ERROR"], (await store.GetLogAsync(run.Key, "t", 1, 2)).Select(l => l.Level));
        Assert.Empty(await store.GetLogAsync(run.Key, "t", 1, 3));
        Assert.Empty(await store.GetLogAsync(run.Key, "t", 1, 50));
        Assert.Empty(await store.GetLogAsync(run.Key, "t", 2, 0));
    }

    [Fact]
    public async Task LogTail_ReturnsTheLastLinesInOrder()
    {
        var store = await CreateStoreAsync();
        var (run, tasks) = NewRun("dag_a", Day, "t");
        await store.CreateRunAsync(run, tasks);
        await store.AppendLogAsync(run.Key, "t", 1, [.. Enumerable.Range(1, 30).Select(i => new TaskLogLine(Day.AddSeconds(i), "INFORMATION", $"line {i}"))]);

        Assert.Equal(["line 28", "line 29", "line 30"], (await store.GetLogTailAsync(run.Key, "t", 1, 3)).Select(l => l.Message));
        Assert.Equal(30, (await store.GetLogTailAsync(run.Key, "t", 1, 100)).Count);
        Assert.Empty(await store.GetLogTailAsync(run.Key, "t", 2, 3));
    }

    [Fact]
    public async Task ReviseLog_ReplacesMessagesByPosition_OfThatTryOnly()
    {
        var store = await CreateStoreAsync();
        var (run, tasks) = NewRun("dag_a", Day, "t");
        await store.CreateRunAsync(run, tasks);
        await store.AppendLogAsync(run.Key, "t", 1, [new TaskLogLine(Day, "INFORMATION", "a"), new TaskLogLine(Day, "INFORMATION", "b")]);
        await store.AppendLogAsync(run.Key, "t", 2, [new TaskLogLine(Day, "INFORMATION", "other try")]);
        await store.AppendLogAsync(run.Key, "t", 1, [new TaskLogLine(Day, "ERROR", "c")]);

        await store.ReviseLogAsync(run.Key, "t", 1, [new TaskLogRevision(0, "A"), new TaskLogRevision(2, "C"), new TaskLogRevision(7, "beyond the log")]);

        var log = await store.GetLogAsync(run.Key, "t", 1);
        Assert.Equal(["A", "b", "C"], log.Select(l => l.Message));
        Assert.Equal("ERROR", log[2].Level);
        Assert.Equal(["other try"], (await store.GetLogAsync(run.Key, "t", 2)).Select(l => l.Message));
    }

    private static DagRecord Dag(string id, string version = "v1") =>
        new() { DagId = id, Version = version, Schedule = "@daily", Tags = ["etl"], LastSeenAt = Day };

    [Fact]
    public async Task SyncDag_NewDag_TakesThePausedAtCreationFlag_KnownDagKeepsItsFlag()
    {
        var store = await CreateStoreAsync();
        await store.SyncDagAsync(Dag("a"), pausedAtCreation: true);
        await store.SyncDagAsync(Dag("b"), pausedAtCreation: false);
        Assert.True(await store.SetPausedAsync("a", false));

        await store.SyncDagAsync(Dag("a", "v2"), pausedAtCreation: true);

        var a = await store.GetDagAsync("a");
        Assert.NotNull(a);
        Assert.False(a.IsPaused);
        Assert.Equal("v2", a.Version);
        Assert.Equal(["etl"], a.Tags);
        Assert.False((await store.GetDagAsync("b"))!.IsPaused);
        Assert.Equal(["a", "b"], (await store.ListDagsAsync()).Select(d => d.DagId));
    }

    [Fact]
    public async Task DeactivateMissing_MarksOthersInactive_AndASyncMakesThemActiveAgain()
    {
        var store = await CreateStoreAsync();
        await store.SyncDagAsync(Dag("a"), pausedAtCreation: false);
        await store.SyncDagAsync(Dag("b"), pausedAtCreation: false);

        await store.DeactivateMissingAsync(["a"]);
        Assert.True((await store.GetDagAsync("a"))!.IsActive);
        Assert.False((await store.GetDagAsync("b"))!.IsActive);

        await store.SyncDagAsync(Dag("b", "v2"), pausedAtCreation: true);
        var b = (await store.GetDagAsync("b"))!;
        Assert.True(b.IsActive);
        Assert.False(b.IsPaused);
    }

    [Fact]
    public async Task RecordVersion_KeepsTheFirstRecordOfEachVersion()
    {
        var store = await CreateStoreAsync();
        var structure = new DagStructure
        {
            DagId = "a", Version = "v1", ClassName = "A", Source = "a.cs", ScheduleDescription = "daily", Schedule = "@daily",
            Tasks =
            [
                new TaskStructure { TaskId = "extract", Kind = "Task", TriggerRule = "all_success", Queue = "default", Pool = "default_pool", RetryDelay = TimeSpan.FromMinutes(5) },
                new TaskStructure { TaskId = "load", Kind = "Task", Upstream = ["extract"], TriggerRule = "all_done", Queue = "heavy", Pool = "p", ExecutionTimeout = TimeSpan.FromSeconds(30) },
            ],
        };
        await store.RecordVersionAsync(structure, Day);
        await store.RecordVersionAsync(structure with { Source = "moved.cs" }, Day.AddDays(1));

        var read = await store.GetVersionAsync("a", "v1");
        Assert.NotNull(read);
        Assert.Equal("a.cs", read.Source);
        Assert.Equal(["extract", "load"], read.Tasks.Select(t => t.TaskId));
        Assert.Equal(["extract"], read.Tasks[1].Upstream);
        Assert.Equal(TimeSpan.FromSeconds(30), read.Tasks[1].ExecutionTimeout);
        Assert.Null(await store.GetVersionAsync("a", "v2"));
    }

    [Fact]
    public async Task ReplaceImportErrors_KeepsOnlyTheLatestSet_InOrder()
    {
        var store = await CreateStoreAsync();
        await store.ReplaceImportErrorsAsync([new("old.cs", null, "gone", 1)]);
        await store.ReplaceImportErrorsAsync([new("b.cs", "b", "cycle", null), new("a.cs", null, "CS1002: ; expected", 12)]);

        var errors = await store.ListImportErrorsAsync();
        Assert.Equal([new("b.cs", "b", "cycle", null), new DagImportError("a.cs", null, "CS1002: ; expected", 12)], errors);

        await store.ReplaceImportErrorsAsync([]);
        Assert.Empty(await store.ListImportErrorsAsync());
    }

    [Fact]
    public async Task SetPaused_UnknownDag_ReturnsFalse()
    {
        var store = await CreateStoreAsync();
        Assert.False(await store.SetPausedAsync("nope", true));
        Assert.Null(await store.GetDagAsync("nope"));
    }

    [Fact]
    public async Task Pools_DefaultPoolExists_AndPoolsCanBeSet()
    {
        var store = await CreateStoreAsync();
        Assert.Contains(new Pool(Pool.DefaultName, Pool.DefaultSlots), await store.ListPoolsAsync());

        await store.SetPoolAsync(new Pool("warehouse", 2));
        await store.SetPoolAsync(new Pool("warehouse", 3));

        Assert.Contains(new Pool("warehouse", 3), await store.ListPoolsAsync());
    }

    [Fact]
    public async Task LatestRun_IsPerType_AndActiveRunsExcludeFinishedOnes()
    {
        var store = await CreateStoreAsync();
        var (first, t1) = NewRun("dag_a", Day, "t");
        var (second, t2) = NewRun("dag_a", Day.AddDays(1), "t");
        var (manual, t3) = NewRun("dag_a", Day.AddDays(5), "t");
        await store.CreateRunAsync(first with { Type = DagRunType.Scheduled, RunId = "s1" }, t1.Select(t => t with { RunId = "s1" }).ToList());
        await store.CreateRunAsync(second with { Type = DagRunType.Scheduled, RunId = "s2" }, t2.Select(t => t with { RunId = "s2" }).ToList());
        await store.CreateRunAsync(manual, t3);
        await store.UpdateRunAsync(new RunKey("dag_a", "s2"), s => new RunChanges([], s.Run with { State = DagRunState.Success }));

        Assert.Equal("s2", (await store.LatestRunAsync("dag_a", DagRunType.Scheduled))!.RunId);
        Assert.Equal(manual.RunId, (await store.LatestRunAsync("dag_a", DagRunType.Manual))!.RunId);
        Assert.Null(await store.LatestRunAsync("dag_a", DagRunType.Backfill));
        Assert.Equal(["s1", manual.RunId], (await store.ListActiveRunsAsync()).Select(r => r.RunId));
        Assert.Equal(["s2"], (await store.ListRunsAsync("dag_a", DagRunState.Success)).Select(r => r.RunId));
    }

    [Fact]
    public async Task UpdateRunWithOccupancy_CountsTheDagAndPoolAcrossRuns()
    {
        var store = await CreateStoreAsync();
        await store.SetPoolAsync(new Pool("db", 4));
        var (one, oneTasks) = NewRun("dag_a", Day, "x", "y");
        var (two, twoTasks) = NewRun("dag_a", Day.AddDays(1), "x", "y");
        var (other, otherTasks) = NewRun("dag_b", Day, "x");
        await store.CreateRunAsync(one, oneTasks.Select(t => t with { Pool = "db" }).ToList());
        await store.CreateRunAsync(two, twoTasks);
        await store.CreateRunAsync(other, otherTasks.Select(t => t with { Pool = "db" }).ToList());
        await store.UpdateRunAsync(one.Key, s => new RunChanges(
            [s.Tasks["x"] with { State = TaskInstanceState.Running, TryNumber = 1 }, s.Tasks["y"] with { State = TaskInstanceState.Queued }],
            s.Run with { State = DagRunState.Running }));
        await store.UpdateRunAsync(two.Key, s => new RunChanges([s.Tasks["x"] with { State = TaskInstanceState.Scheduled }]));
        await store.UpdateRunAsync(other.Key, s => new RunChanges([s.Tasks["x"] with { State = TaskInstanceState.Running, TryNumber = 1 }]));

        Occupancy? seen = null;
        await store.UpdateRunWithOccupancyAsync(two.Key, new ClaimLimits("db"), (_, occupancy) =>
        {
            seen = occupancy;
            return RunChanges.None;
        });

        Assert.Equal(new Occupancy(RunningRunsOfDag: 1, ActiveTasksOfDag: 2, ActiveTasksInPool: 3, PoolSlots: 4), seen);
    }

    [Fact]
    public async Task UpdateRunWithOccupancy_RacingClaims_NeverExceedThePool()
    {
        var store = await CreateStoreAsync();
        await store.SetPoolAsync(new Pool("tiny", 3));
        var ids = Enumerable.Range(0, 12).Select(i => $"t{i}").ToArray();
        var (run, tasks) = NewRun("dag_a", Day, ids);
        await store.CreateRunAsync(run, tasks.Select(t => t with { Pool = "tiny", State = TaskInstanceState.Scheduled }).ToList());

        await Task.WhenAll(ids.Select(id => Task.Run(() => store.UpdateRunWithOccupancyAsync(run.Key, new ClaimLimits("tiny"), (s, occupancy) =>
            occupancy.ActiveTasksInPool < occupancy.PoolSlots
                ? new RunChanges([s.Tasks[id] with { State = TaskInstanceState.Running, TryNumber = 1 }])
                : RunChanges.None))));

        var after = await store.GetRunAsync(run.Key);
        Assert.Equal(3, after!.Tasks.Values.Count(t => t.State == TaskInstanceState.Running));
    }

    [Fact]
    public async Task ListTaskInstances_FiltersByState()
    {
        var store = await CreateStoreAsync();
        var (run, tasks) = NewRun("dag_a", Day, "a", "b", "c");
        await store.CreateRunAsync(run, tasks);
        await store.UpdateRunAsync(run.Key, s => new RunChanges([s.Tasks["a"] with { State = TaskInstanceState.Scheduled }, s.Tasks["c"] with { State = TaskInstanceState.Queued }]));

        var found = await store.ListTaskInstancesAsync([TaskInstanceState.Scheduled, TaskInstanceState.Queued]);

        Assert.Equal(["a", "c"], found.Select(t => t.TaskId).Order());
    }

    [Fact]
    public async Task ListInFlight_AnswersAsTheTwoListsDo()
    {
        var store = await CreateStoreAsync();
        var (queued, queuedTasks) = NewRun("dag_a", Day, "a", "b");
        var (done, doneTasks) = NewRun("dag_b", Day, "a");
        await store.CreateRunAsync(queued, queuedTasks);
        await store.CreateRunAsync(done, doneTasks);
        await store.UpdateRunAsync(queued.Key, s => new RunChanges([s.Tasks["b"] with { State = TaskInstanceState.UpForRetry }]));
        await store.UpdateRunAsync(done.Key, s => new RunChanges([s.Tasks["a"] with { State = TaskInstanceState.Success }], s.Run with { State = DagRunState.Success }));

        var (runs, tasks) = await store.ListInFlightAsync([TaskInstanceState.UpForRetry, TaskInstanceState.Success], 100);

        Assert.Equal([queued.Key], runs.Select(r => r.Key));
        Assert.Equal(["dag_a/b", "dag_b/a"], tasks.Select(t => $"{t.DagId}/{t.TaskId}").Order());
        Assert.Equal(tasks.Select(t => (t.Run, t.TaskId, t.State)),
            (await store.ListTaskInstancesAsync([TaskInstanceState.UpForRetry, TaskInstanceState.Success], 100)).Select(t => (t.Run, t.TaskId, t.State)));
        Assert.Equal(runs.Select(r => (r.Key, r.State)), (await store.ListActiveRunsAsync(100)).Select(r => (r.Key, r.State)));
    }

    [Fact]
    public async Task Heartbeat_UpdatesOnlyTheRunningTryItNames_AndReturnsTheTriesThatNoLongerRun()
    {
        var store = await CreateStoreAsync();
        var (run, tasks) = NewRun("dag_a", Day, "a", "b");
        await store.CreateRunAsync(run, tasks);
        await store.UpdateRunAsync(run.Key, s => new RunChanges(
        [
            s.Tasks["a"] with { State = TaskInstanceState.Running, TryNumber = 2, HeartbeatAt = Day },
            s.Tasks["b"] with { State = TaskInstanceState.Success, TryNumber = 1, HeartbeatAt = Day },
        ]));

        var stopped = await store.HeartbeatAsync([new TaskTryKey("dag_a", run.RunId, "a", 1), new TaskTryKey("dag_a", run.RunId, "b", 1)], Day.AddMinutes(1));
        var stale = await store.GetRunAsync(run.Key);
        var alive = await store.HeartbeatAsync([new TaskTryKey("dag_a", run.RunId, "a", 2)], Day.AddMinutes(2));
        var fresh = await store.GetRunAsync(run.Key);

        Assert.Equal([new TaskTryKey("dag_a", run.RunId, "a", 1), new TaskTryKey("dag_a", run.RunId, "b", 1)], stopped.OrderBy(k => k.TaskId));
        Assert.Empty(alive);
        Assert.Equal(Day, stale!.Tasks["a"].HeartbeatAt);
        Assert.Equal(Day, stale.Tasks["b"].HeartbeatAt);
        Assert.Equal(Day.AddMinutes(2), fresh!.Tasks["a"].HeartbeatAt);
    }
}
