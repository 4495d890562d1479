using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Postgres.Metadata;
using DataEngineer.Sdk;
using DataEngineer.Testing;
using Npgsql;

namespace DataEngineer.Postgres.Tests;

/// <summary>
/// The steps of task tries (scoped updates with no limit to hold) that arrive while earlier ones are being written
/// share one transaction (group commit). Each test first makes both of the store's step writers wait on a row lock this
/// test holds, so the steps it sends next are all waiting when the writers free up; then it releases the lock. Which
/// steps shared a transaction is read from the rows themselves: rows written by one transaction have the same xmin.
/// </summary>
public sealed class GroupedStepsTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private const int Writers = 2;
    private static readonly DateTimeOffset Day = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);

    private readonly string _schema = "g_" + Guid.NewGuid().ToString("N")[..12];
    private NpgsqlDataSource _dataSource = null!;
    private PostgresMetadataStore _store = null!;

    public async Task InitializeAsync()
    {
        _dataSource = MetadataDataSource.Create(database.ConnectionString);
        await SchemaMigrator.MigrateAsync(_dataSource, _schema);
        _store = new PostgresMetadataStore(_dataSource, new PostgresMetadataStoreOptions { Schema = _schema });
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    [Fact]
    public async Task StepsOfDifferentRuns_WaitingForAWriter_AreWrittenInOneTransaction()
    {
        var keys = new List<RunKey>();
        for (var index = 0; index < 5; index++)
        {
            keys.Add(await CreateRunAsync($"dag_{index}", running: ["a"], scheduled: ["b"]));
        }

        var steps = await WhileTheWritersWaitAsync(() => keys.Select(key => StepAsync(key, "a")).ToList());

        foreach (var (key, step) in keys.Zip(steps))
        {
            var written = await step;
            Assert.Equal(TaskInstanceState.Success, written!.Tasks["a"].State);
            Assert.Equal(TaskInstanceState.Running, written.Spare!.State);
            Assert.Equal("b", written.Spare.TaskId);
            var stored = (await _store.GetRunAsync(key))!;
            Assert.Equal(TaskInstanceState.Success, stored.Tasks["a"].State);
            Assert.Equal(TaskInstanceState.Running, stored.Tasks["b"].State);
        }

        Assert.Single((await XminsAsync(keys, "a")).Distinct());
        Assert.Equal(keys.Count, await TriesAsync(TaskInstanceState.Success));
    }

    [Fact]
    public async Task StepsOfOneRun_WithSeparateScopes_ShareATransaction_AndEachTakesItsOwnSpare()
    {
        string[] ending = ["a0", "a1", "a2", "a3"];
        var key = await CreateRunAsync("dag_wide", running: ending, scheduled: ["s0", "s1", "s2", "s3", "s4"]);

        var steps = await WhileTheWritersWaitAsync(() => ending.Select(id => StepAsync(key, id)).ToList());

        var spares = new List<string>();
        foreach (var step in steps)
        {
            spares.Add((await step)!.Spare!.TaskId);
        }

        Assert.Equal(ending.Length, spares.Distinct().Count());
        var stored = (await _store.GetRunAsync(key))!;
        Assert.All(ending, id => Assert.Equal(TaskInstanceState.Success, stored.Tasks[id].State));
        Assert.All(spares, id => Assert.Equal(TaskInstanceState.Running, stored.Tasks[id].State));
        Assert.Single(stored.Tasks.Values, t => t.State == TaskInstanceState.Scheduled);
        Assert.Single((await XminsAsync([key], ending)).Distinct());
    }

    [Fact]
    public async Task StepsWhoseScopesOverlap_GoInSeparateTransactions_SoTheLaterSeesTheEarlier()
    {
        // Two upstream tasks of one join end at once; each step locks its task and the join and reads the other upstream.
        var key = await CreateRunAsync("dag_join", running: ["a", "b"], scheduled: []);
        var steps = await WhileTheWritersWaitAsync(() => [JoinStepAsync(key, "a", "b"), JoinStepAsync(key, "b", "a")]);
        await Task.WhenAll(steps);

        var stored = (await _store.GetRunAsync(key))!;
        Assert.Equal(TaskInstanceState.Scheduled, stored.Tasks["join"].State);
        Assert.Equal(2, (await XminsAsync([key], "a", "b")).Distinct().Count());
    }

    [Fact]
    public async Task ManyJoinsWhoseUpstreamTasksEndAtOnce_AreEachScheduled_ThoughTheStepsAreGrouped()
    {
        // Forty joins of two upstream tasks each, in one run, and all eighty upstream tries end while both writers are busy:
        // steps of different joins share transactions, the two of one join never do, and the later of those two schedules it.
        const int joins = 40;
        var upstream = Enumerable.Range(0, joins).SelectMany(i => new[] { $"a{i:D2}", $"b{i:D2}" }).ToList();
        var key = await CreateRunAsync("dag_joins", running: upstream, scheduled: [], joins: [.. Enumerable.Range(0, joins).Select(i => $"j{i:D2}")]);

        var steps = await WhileTheWritersWaitAsync(() => [.. Enumerable.Range(0, joins).SelectMany(i => new[]
        {
            JoinStepAsync(key, $"a{i:D2}", $"b{i:D2}", $"j{i:D2}"),
            JoinStepAsync(key, $"b{i:D2}", $"a{i:D2}", $"j{i:D2}"),
        })]);
        await Task.WhenAll(steps);

        var stored = (await _store.GetRunAsync(key))!;
        Assert.All(upstream, id => Assert.Equal(TaskInstanceState.Success, stored.Tasks[id].State));
        Assert.All(Enumerable.Range(0, joins), i => Assert.Equal(TaskInstanceState.Scheduled, stored.Tasks[$"j{i:D2}"].State));
        Assert.True((await XminsAsync([key], [.. upstream])).Distinct().Count() < upstream.Count, "no two steps shared a transaction");
    }

    [Fact]
    public async Task AStepWhoseDecisionThrows_FailsAlone_AndTheOthersOfItsGroupAreWrittenAsDecided()
    {
        var good = await CreateRunAsync("dag_good", running: ["a"], scheduled: ["b"]);
        var bad = await CreateRunAsync("dag_bad", running: ["a"], scheduled: ["b"]);
        var decisions = 0;
        var steps = await WhileTheWritersWaitAsync(() =>
        [
            _store.UpdateScopeAsync(good, new TaskScope(["a"], []), scoped =>
            {
                Interlocked.Increment(ref decisions);
                return new RunChanges([scoped.Tasks["a"] with { State = TaskInstanceState.Success, EndedAt = Day.AddDays(2) }]);
            }),
            _store.UpdateScopeAsync(bad, new TaskScope(["a"], []), _ => throw new InvalidOperationException("no decision")),
        ]);

        Assert.Equal(TaskInstanceState.Success, (await steps[0])!.Tasks["a"].State);
        Assert.Equal(1, decisions);
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => steps[1]);
        Assert.Equal("no decision", failure.Message);
        Assert.Equal(TaskInstanceState.Running, (await _store.GetRunAsync(bad))!.Tasks["a"].State);
    }

    // Holds the lock of a task instance in each of two runs of its own, sends one step of each (the store's writers take
    // them and wait for the lock), then sends the steps under test, which wait for a writer; then lets all go.
    private async Task<List<Task<ScopedSnapshot?>>> WhileTheWritersWaitAsync(Func<List<Task<ScopedSnapshot?>>> send)
    {
        var blockers = new List<RunKey>();
        for (var index = 0; index < Writers; index++)
        {
            blockers.Add(await CreateRunAsync($"blocker_{index}", running: ["a"], scheduled: []));
        }

        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var hold = new NpgsqlCommand($"SELECT 1 FROM {_schema}.task_instances WHERE dag_id LIKE 'blocker\\_%' FOR UPDATE", connection, transaction))
        {
            await hold.ExecuteNonQueryAsync();
        }

        var blocked = blockers.Select(key => StepAsync(key, "a")).ToList();
        await WaitForLockWaitersAsync(Writers);
        var steps = send();
        Assert.All(steps, step => Assert.False(step.IsCompleted, "a step was written while both writers were busy"));
        await transaction.CommitAsync();
        await Task.WhenAll(blocked);
        return steps;
    }

    private async Task WaitForLockWaitersAsync(int count)
    {
        var deadline = DateTimeOffset.UtcNow + WaitLimit;
        await using var command = _dataSource.CreateCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
        while ((long)(await command.ExecuteScalarAsync())! < count)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"{count} step writers did not wait for the held lock within {WaitLimit.TotalSeconds} s");
            await Task.Delay(20);
        }
    }

    // A try of taskId ends successfully and its slot takes a ready task of the run.
    private Task<ScopedSnapshot?> StepAsync(RunKey key, string taskId)
    {
        var scope = new TaskScope([taskId], []) { Spare = new SpareRequest(Pool.DefaultName, ["default"]) };
        return _store.UpdateScopeAsync(key, scope, scoped => new RunChanges(
        [
            scoped.Tasks[taskId] with { State = TaskInstanceState.Success, EndedAt = Day.AddDays(2) },
            .. scoped.Spare is { } spare ? [spare with { State = TaskInstanceState.Running, TryNumber = 1, StartedAt = Day.AddDays(2), Hostname = "w" }] : Array.Empty<TaskInstance>(),
        ]));
    }

    // A try of taskId ends successfully and schedules the join if the other upstream task has succeeded.
    private Task<ScopedSnapshot?> JoinStepAsync(RunKey key, string taskId, string other, string join = "join") =>
        _store.UpdateScopeAsync(key, new TaskScope([taskId, join], [other]), scoped => new RunChanges(
        [
            scoped.Tasks[taskId] with { State = TaskInstanceState.Success, EndedAt = Day.AddDays(2) },
            .. scoped.Tasks[other].State == TaskInstanceState.Success ? [scoped.Tasks[join] with { State = TaskInstanceState.Scheduled }] : Array.Empty<TaskInstance>(),
        ]));

    private async Task<RunKey> CreateRunAsync(string dagId, IReadOnlyList<string> running, IReadOnlyList<string> scheduled, IReadOnlyList<string>? joins = null)
    {
        var run = new DagRun
        {
            DagId = dagId,
            RunId = "manual__2024-01-01T00:00:00Z",
            Type = DagRunType.Manual,
            DataInterval = new DataInterval(Day, Day.AddDays(1)),
            DagVersion = "v1",
            CreatedAt = Day.AddDays(1),
        };
        TaskInstance Task(string id) => new() { DagId = dagId, RunId = run.RunId, TaskId = id, MaxTries = 1, Queue = "default", Pool = Pool.DefaultName };
        var tasks = running.Select(id => Task(id) with { State = TaskInstanceState.Running, TryNumber = 1, StartedAt = Day.AddDays(1), Hostname = "w" })
            .Concat(scheduled.Select(id => Task(id) with { State = TaskInstanceState.Scheduled }))
            .Concat((joins ?? ["join"]).Select(Task))
            .ToList();
        await _store.CreateRunAsync(run, tasks);
        await _store.UpdateRunAsync(run.Key, s => new RunChanges([], s.Run with { State = DagRunState.Running }));
        return run.Key;
    }

    private async Task<List<string>> XminsAsync(IReadOnlyList<RunKey> keys, params string[] taskIds)
    {
        await using var command = _dataSource.CreateCommand(
            $"SELECT ti.xmin::text FROM {_schema}.task_instances ti WHERE ti.dag_id = ANY(@dag_ids) AND ti.run_id = ANY(@run_ids) AND ti.task_id = ANY(@task_ids)");
        command.Parameters.AddWithValue("dag_ids", keys.Select(k => k.DagId).ToArray());
        command.Parameters.AddWithValue("run_ids", keys.Select(k => k.RunId).ToArray());
        command.Parameters.AddWithValue("task_ids", taskIds);
        var xmins = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            xmins.Add(reader.GetString(0));
        }

        Assert.Equal(keys.Count * taskIds.Length, xmins.Count);
        return xmins;
    }

    private async Task<long> TriesAsync(TaskInstanceState state)
    {
        await using var command = _dataSource.CreateCommand($"SELECT count(*) FROM {_schema}.task_tries WHERE state = @state AND dag_id LIKE 'dag\\_%'");
        command.Parameters.AddWithValue("state", StateNames.Of(state));
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
