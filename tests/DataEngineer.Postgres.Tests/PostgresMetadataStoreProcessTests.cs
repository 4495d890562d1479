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
                     select Task.Run(() => store.UpdateRunWithOccupancyAsync(run.Key, "shared", (s, occupancy) =>
                         occupancy.ActiveTasksInPool < occupancy.PoolSlots && s.Tasks[task.TaskId].State == TaskInstanceState.Scheduled
                             ? new RunChanges([s.Tasks[task.TaskId] with { State = TaskInstanceState.Queued }])
                             : RunChanges.None));
        await Task.WhenAll(claims);

        var queued = await _storeOfSecond.ListTaskInstancesAsync([TaskInstanceState.Queued]);
        Assert.Equal(4, queued.Count);
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
