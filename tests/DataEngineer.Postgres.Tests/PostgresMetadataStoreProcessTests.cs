using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Postgres.Metadata;
using DataEngineer.Sdk;
using DataEngineer.Testing;
using Npgsql;

namespace DataEngineer.Postgres.Tests;

/// <summary>
/// What only a shared database shows: stores on separate data sources (separate connection pools, as in separate
/// processes) racing on one schema, and the values PostgreSQL stores differently from memory.
/// </summary>
public sealed class PostgresMetadataStoreProcessTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset Day = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly string _schema = "p_" + Guid.NewGuid().ToString("N")[..12];
    private NpgsqlDataSource _first = null!;
    private NpgsqlDataSource _second = null!;
    private PostgresMetadataStore _storeOfFirst = null!;
    private PostgresMetadataStore _storeOfSecond = null!;

    public async Task InitializeAsync()
    {
        _first = NpgsqlDataSource.Create(database.ConnectionString);
        _second = NpgsqlDataSource.Create(database.ConnectionString);
        await SchemaMigrator.MigrateAsync(_first, _schema);
        var options = new PostgresMetadataStoreOptions { Schema = _schema };
        _storeOfFirst = new PostgresMetadataStore(_first, options);
        _storeOfSecond = new PostgresMetadataStore(_second, options);
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
    }

    [Fact]
    public async Task UpdateRunAsync_TwoProcessesIncrementingOneRun_LoseNoUpdate()
    {
        var (run, tasks) = NewRun("dag_a", Day, "t");
        await _storeOfFirst.CreateRunAsync(run, tasks);

        await Task.WhenAll(new[] { _storeOfFirst, _storeOfSecond }.SelectMany(store => Enumerable.Range(0, 25).Select(_ => Task.Run(() =>
            store.UpdateRunAsync(run.Key, s => new RunChanges([s.Tasks["t"] with { TryNumber = s.Tasks["t"].TryNumber + 1 }]))))));

        var after = await _storeOfSecond.GetRunAsync(run.Key);
        Assert.Equal(50, after!.Tasks["t"].TryNumber);
    }

    [Fact]
    public async Task UpdateRunWithOccupancyAsync_TwoProcessesClaimingInTwoDags_NeverExceedTheSharedPool()
    {
        await _storeOfFirst.SetPoolAsync(new Pool("shared", 4));
        var (a, aTasks) = NewRun("dag_a", Day, Enumerable.Range(0, 10).Select(i => $"t{i}").ToArray());
        var (b, bTasks) = NewRun("dag_b", Day, Enumerable.Range(0, 10).Select(i => $"t{i}").ToArray());
        await _storeOfFirst.CreateRunAsync(a, aTasks.Select(t => t with { Pool = "shared", State = TaskInstanceState.Scheduled }).ToList());
        await _storeOfFirst.CreateRunAsync(b, bTasks.Select(t => t with { Pool = "shared", State = TaskInstanceState.Scheduled }).ToList());

        var claims = from store in new[] { _storeOfFirst, _storeOfSecond }
                     from run in new[] { a, b }
                     from task in aTasks
                     select Task.Run(() => store.UpdateRunWithOccupancyAsync(run.Key, new ClaimLimits("shared"), (s, occupancy) =>
                         occupancy.ActiveTasksInPool < occupancy.PoolSlots && s.Tasks[task.TaskId].State == TaskInstanceState.Scheduled
                             ? new RunChanges([s.Tasks[task.TaskId] with { State = TaskInstanceState.Queued }])
                             : RunChanges.None));
        await Task.WhenAll(claims);

        var queued = await _storeOfSecond.ListTaskInstancesAsync([TaskInstanceState.Queued]);
        Assert.Equal(4, queued.Count);
    }

    [Fact]
    public async Task UpdateScopeAsync_TwoProcessesClaimingInTwoRuns_NeverExceedMaxActiveTasks()
    {
        var ids = Enumerable.Range(0, 10).Select(i => $"t{i}").ToArray();
        var (a, aTasks) = NewRun("dag_a", Day, ids);
        var (b, bTasks) = NewRun("dag_a", Day.AddDays(1), ids);
        await _storeOfFirst.CreateRunAsync(a, aTasks.Select(t => t with { State = TaskInstanceState.Scheduled }).ToList());
        await _storeOfFirst.CreateRunAsync(b, bTasks.Select(t => t with { State = TaskInstanceState.Scheduled }).ToList());

        var claims = from store in new[] { _storeOfFirst, _storeOfSecond }
                     from run in new[] { a, b }
                     from id in ids
                     select Task.Run(() => store.UpdateScopeAsync(run.Key, new TaskScope([id], []) { LimitsOfPool = Pool.DefaultName, MaxActiveTasks = 5 }, s =>
                         s.Occupancy!.ActiveTasksOfDag < 5 && s.Tasks[id].State == TaskInstanceState.Scheduled
                             ? new RunChanges([s.Tasks[id] with { State = TaskInstanceState.Running, TryNumber = 1 }])
                             : RunChanges.None));
        await Task.WhenAll(claims);

        Assert.Equal(5, (await _storeOfSecond.ListTaskInstancesAsync([TaskInstanceState.Running])).Count);
    }

    [Fact]
    public async Task SlotCounters_RunAndDagDeletion_GiveTheSlotsBack()
    {
        var (a, aTasks) = NewRun("dag_a", Day, "x", "y");
        var (b, bTasks) = NewRun("dag_b", Day, "x");
        await _storeOfFirst.CreateRunAsync(a, aTasks.Select(t => t with { State = TaskInstanceState.Running, TryNumber = 1 }).ToList());
        await _storeOfFirst.CreateRunAsync(b, bTasks.Select(t => t with { State = TaskInstanceState.Queued }).ToList());
        await _storeOfFirst.UpdateRunAsync(a.Key, s => new RunChanges([], s.Run with { State = DagRunState.Running }));
        Assert.Equal("dag_runs dag_a 1, dag_tasks dag_a 2, dag_tasks dag_b 1, pool default_pool 3", Describe(await CountersAsync()));

        // A run deleted by hand (its task instances go with it by the cascade), a DAG deleted by the store.
        await using (var delete = _first.CreateCommand($"DELETE FROM {_schema}.dag_runs WHERE dag_id = 'dag_a'"))
        {
            await delete.ExecuteNonQueryAsync();
        }

        await _storeOfSecond.DeleteDagAsync("dag_b");
        Assert.All(await CountersAsync(), counter => Assert.Equal(0, counter.Used));
    }

    [Fact]
    public async Task Migration0024_CountsTheQueuedAndRunningRowsThatExistBeforeIt()
    {
        var (a, aTasks) = NewRun("dag_a", Day, "x", "y", "z");
        await _storeOfFirst.CreateRunAsync(a, aTasks.Select((t, i) => t with
        {
            State = i switch { 0 => TaskInstanceState.Running, 1 => TaskInstanceState.Queued, _ => TaskInstanceState.Success },
            Pool = i == 0 ? "big" : Pool.DefaultName,
        }).ToList());
        await _storeOfFirst.UpdateRunAsync(a.Key, s => new RunChanges([], s.Run with { State = DagRunState.Running }));
        var counted = await CountersAsync();

        // The schema as before 0024, with these rows in it; then the migration again.
        await using (var undo = _first.CreateCommand($"""
            DROP TABLE {_schema}.slot_counters;
            DROP FUNCTION {_schema}.task_instances_slots() CASCADE;
            DROP FUNCTION {_schema}.dag_runs_slots() CASCADE;
            DELETE FROM {_schema}.schema_migrations WHERE version = 24;
            """))
        {
            await undo.ExecuteNonQueryAsync();
        }

        await SchemaMigrator.MigrateAsync(_first, _schema);

        Assert.Equal("dag_runs dag_a 1, dag_tasks dag_a 2, pool big 1, pool default_pool 1", Describe(counted));
        Assert.Equal(Describe(counted), Describe(await CountersAsync()));
    }

    private static string Describe(IEnumerable<(string Kind, string Key, int Used)> counters) =>
        string.Join(", ", counters.Select(c => $"{c.Kind} {c.Key} {c.Used}"));

    private async Task<List<(string Kind, string Key, int Used)>> CountersAsync()
    {
        await using var command = _first.CreateCommand($"SELECT kind, key, used FROM {_schema}.slot_counters ORDER BY kind, key");
        await using var reader = await command.ExecuteReaderAsync();
        var counters = new List<(string, string, int)>();
        while (await reader.ReadAsync())
        {
            counters.Add((reader.GetString(0), reader.GetString(1), reader.GetInt32(2)));
        }

        return counters;
    }

    [Fact]
    public async Task CreateRunAsync_DuplicateRunIdOrLogicalDate_SaysWhichInTheMessage()
    {
        var (run, tasks) = NewRun("dag_a", Day, "t");
        await _storeOfFirst.CreateRunAsync(run, tasks);

        var sameId = await Assert.ThrowsAsync<DuplicateRunException>(() => _storeOfSecond.CreateRunAsync(run with { DataInterval = new DataInterval(Day.AddDays(3), Day.AddDays(4)) }, []));
        var sameDate = await Assert.ThrowsAsync<DuplicateRunException>(() => _storeOfSecond.CreateRunAsync(run with { RunId = "other" }, []));
        var both = await Assert.ThrowsAsync<DuplicateRunException>(() => _storeOfSecond.CreateRunAsync(run, tasks));

        Assert.Equal($"DAG 'dag_a' already has a run '{run.RunId}'.", sameId.Message);
        Assert.Equal("DAG 'dag_a' already has a run for logical date 2024-01-01T00:00:00Z.", sameDate.Message);
        Assert.Equal(sameId.Message, both.Message);
    }

    [Fact]
    public async Task CreateRunAsync_TaskWriteFails_LeavesNoRun()
    {
        var (run, tasks) = NewRun("dag_a", Day, "t", "t");

        await Assert.ThrowsAsync<PostgresException>(() => _storeOfFirst.CreateRunAsync(run, tasks));

        Assert.Null(await _storeOfSecond.GetRunAsync(run.Key));
        await _storeOfFirst.CreateRunAsync(run, tasks.Take(1).ToList());
    }

    [Fact]
    public async Task UpdateRunAsync_TimestampsWithOffsetAndTicks_ReturnsWhatLaterReadsReturn_InUtc()
    {
        var (run, tasks) = NewRun("dag_a", Day, "t");
        await _storeOfFirst.CreateRunAsync(run, tasks);
        var started = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)).AddTicks(1234567);

        var written = await _storeOfFirst.UpdateRunAsync(run.Key, s => new RunChanges(
            [s.Tasks["t"] with { State = TaskInstanceState.Running, TryNumber = 1, StartedAt = started, HeartbeatAt = started }],
            s.Run with { StartedAt = started, State = DagRunState.Running }));
        var reread = await _storeOfSecond.GetRunAsync(run.Key);

        Assert.Equal(reread!.Run, written.Run);
        Assert.Equal(reread.Tasks["t"], written.Tasks["t"]);
        Assert.Equal(TimeSpan.Zero, written.Tasks["t"].StartedAt!.Value.Offset);
        Assert.Equal(started.AddTicks(-7), written.Tasks["t"].StartedAt);
        Assert.Equal(written.Tasks["t"].StartedAt, (await _storeOfSecond.ListTriesAsync(run.Key, "t"))[0].StartedAt);
    }

    [Fact]
    public async Task UpdateRunAsync_NewTaskInChanges_IsAddedToTheRun()
    {
        var (run, tasks) = NewRun("dag_a", Day, "t");
        await _storeOfFirst.CreateRunAsync(run, tasks);

        var written = await _storeOfFirst.UpdateRunAsync(run.Key, s => new RunChanges([s.Tasks["t"] with { TaskId = "added", State = TaskInstanceState.Scheduled }]));

        Assert.Equal(["added", "t"], written.Tasks.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(TaskInstanceState.Scheduled, (await _storeOfSecond.GetRunAsync(run.Key))!.Tasks["added"].State);
    }

    [Fact]
    public async Task AppendLogAsync_MessageWithNul_IsStoredWithAReplacementCharacter()
    {
        var (run, tasks) = NewRun("dag_a", Day, "t");
        await _storeOfFirst.CreateRunAsync(run, tasks);

        await _storeOfFirst.AppendLogAsync(run.Key, "t", 1, [new TaskLogLine(Day, "INFORMATION", "a\0b")]);

        Assert.Equal("a\uFFFDb", Assert.Single(await _storeOfSecond.GetLogAsync(run.Key, "t", 1)).Message);
    }

    private static (DagRun Run, IReadOnlyList<TaskInstance> Tasks) NewRun(string dagId, DateTimeOffset logicalDate, params string[] taskIds)
    {
        var run = new DagRun
        {
            DagId = dagId,
            RunId = $"manual__{logicalDate:yyyy-MM-ddTHH:mm:ssZ}",
            Type = DagRunType.Manual,
            DataInterval = new DataInterval(logicalDate, logicalDate.AddDays(1)),
            DagVersion = "v1",
            CreatedAt = logicalDate.AddDays(1),
        };
        var tasks = taskIds.Select(id => new TaskInstance { DagId = dagId, RunId = run.RunId, TaskId = id, MaxTries = 1, Queue = "default", Pool = Pool.DefaultName }).ToList();
        return (run, tasks);
    }
}
