using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using Npgsql;

namespace DataEngineer.Postgres.Metadata;

public sealed partial class PostgresMetadataStore
{
    private const string InsertRun = """
        INSERT INTO {schema}.dag_runs (
            dag_id, run_id, run_type, data_interval_start, data_interval_end, conf, state, dag_version, created_at, started_at, ended_at)
        VALUES (
            @dag_id, @run_id, @run_type, @data_interval_start, @data_interval_end, @conf, @state, @dag_version, @created_at, @started_at, @ended_at)
        """;

    // One statement, so the run and its tasks come from one snapshot.
    private const string SelectRunWithTasks = $$"""
        SELECT {{DagRunRow.Columns}}, {{TaskInstanceRow.Columns}}
        FROM {schema}.dag_runs r LEFT JOIN {schema}.task_instances ti ON ti.dag_id = r.dag_id AND ti.run_id = r.run_id
        WHERE r.dag_id = @dag_id AND r.run_id = @run_id
        ORDER BY ti.task_id
        """;

    private const string SelectRuns = $$"""
        SELECT {{DagRunRow.Columns}} FROM {schema}.dag_runs r
        WHERE r.dag_id = @dag_id AND (@state IS NULL OR r.state = @state)
        ORDER BY r.data_interval_start DESC
        LIMIT @limit
        """;

    private const string SelectLatestRun = $$"""
        SELECT {{DagRunRow.Columns}} FROM {schema}.dag_runs r
        WHERE r.dag_id = @dag_id AND r.run_type = @run_type
        ORDER BY r.data_interval_start DESC
        LIMIT 1
        """;

    private const string SelectActiveRuns = $$"""
        SELECT {{DagRunRow.Columns}} FROM {schema}.dag_runs r
        WHERE r.state IN ('queued', 'running')
        ORDER BY r.data_interval_start, r.dag_id
        LIMIT @limit
        """;

    private const string SelectTaskInstances = $$"""
        SELECT {{TaskInstanceRow.Columns}}
        FROM {schema}.task_instances ti JOIN {schema}.dag_runs r ON r.dag_id = ti.dag_id AND r.run_id = ti.run_id
        WHERE ti.state = ANY (@states)
        ORDER BY r.data_interval_start, ti.dag_id, ti.run_id, ti.task_id
        LIMIT @limit
        """;

    private const string SelectTries = $$"""
        SELECT {{TaskTryRow.Columns}} FROM {schema}.task_tries tt
        WHERE tt.dag_id = @dag_id AND tt.run_id = @run_id AND (@task_id IS NULL OR tt.task_id = @task_id)
        ORDER BY tt.task_id, tt.try_number
        """;

    // A try that ended or was superseded keeps its last heartbeat: the state and try number must still match.
    private const string UpdateHeartbeats = """
        UPDATE {schema}.task_instances AS ti SET heartbeat_at = @at
        FROM unnest(@dag_id, @run_id, @task_id, @try_number) AS k (dag_id, run_id, task_id, try_number)
        WHERE ti.dag_id = k.dag_id AND ti.run_id = k.run_id AND ti.task_id = k.task_id
            AND ti.try_number = k.try_number AND ti.state = 'running'
        RETURNING ti.dag_id, ti.run_id, ti.task_id, ti.try_number
        """;

    public async Task CreateRunAsync(DagRun run, IReadOnlyList<TaskInstance> tasks, CancellationToken ct = default)
    {
        // One round trip; the batch's statements commit or fail together.
        await using var batch = _dataSource.CreateBatch();
        AddCreateRun(batch, run, tasks);
        await ExecuteCreateRunAsync(batch, run, ct);
    }

    private void AddCreateRun(NpgsqlBatch batch, DagRun run, IReadOnlyList<TaskInstance> tasks)
    {
        var insert = new NpgsqlBatchCommand(Sql(InsertRun));
        insert.Parameters.AddText("dag_id", run.DagId);
        insert.Parameters.AddText("run_id", run.RunId);
        DagRunRow.AddFields(insert.Parameters, run);
        batch.BatchCommands.Add(insert);
        if (tasks.Count > 0)
        {
            batch.BatchCommands.Add(TaskInstanceRow.Insert(_quotedSchema, run.Key, tasks));
        }

        var tries = tasks.Select(t => t.ToTry()).OfType<TaskTry>().ToList();
        if (tries.Count > 0)
        {
            batch.BatchCommands.Add(TaskTryRow.Upsert(_quotedSchema, run.Key, tries));
        }

        // The scheduler that creates a scheduled run starts it itself; a queued run of any other kind is announced.
        if (run.State == DagRunState.Queued && run.Type != DagRunType.Scheduled)
        {
            batch.BatchCommands.Add(PostgresQueuedRunListener.Notify(_schema));
        }
    }

    private static async Task ExecuteCreateRunAsync(NpgsqlBatch batch, DagRun run, CancellationToken ct)
    {
        try
        {
            await batch.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "dag_runs_pkey")
        {
            throw new DuplicateRunException($"DAG '{run.DagId}' already has a run '{run.RunId}'.");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "dag_runs_logical_date_key")
        {
            throw new DuplicateRunException($"DAG '{run.DagId}' already has a run for logical date {run.LogicalDate:yyyy-MM-ddTHH:mm:ssZ}.");
        }
    }

    public async Task<RunSnapshot?> GetRunAsync(RunKey key, CancellationToken ct = default)
    {
        await using var command = Command(SelectRunWithTasks);
        AddKey(command.Parameters, key);
        await using var reader = await command.ExecuteReaderAsync(ct);
        DagRun? run = null;
        var tasks = new Dictionary<string, TaskInstance>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
        {
            run ??= DagRunRow.Read(reader);
            if (!reader.IsDBNull(DagRunRow.ColumnCount))
            {
                var task = TaskInstanceRow.Read(reader, DagRunRow.ColumnCount);
                tasks[task.TaskId] = task;
            }
        }

        return run is null ? null : new RunSnapshot(run, tasks);
    }

    public async Task<IReadOnlyList<DagRun>> ListRunsAsync(string dagId, DagRunState? state = null, int limit = 100, CancellationToken ct = default)
    {
        await using var command = Command(SelectRuns);
        command.Parameters.AddText("dag_id", dagId);
        command.Parameters.AddText("state", state is { } s ? StateNames.Of(s) : null);
        command.Parameters.AddValue("limit", limit);
        return await ReadRunsAsync(command, ct);
    }

    public async Task<DagRun?> LatestRunAsync(string dagId, DagRunType type, CancellationToken ct = default)
    {
        await using var command = Command(SelectLatestRun);
        command.Parameters.AddText("dag_id", dagId);
        command.Parameters.AddText("run_type", StateNames.Of(type));
        var runs = await ReadRunsAsync(command, ct);
        return runs.Count > 0 ? runs[0] : null;
    }

    public async Task<IReadOnlyList<DagRun>> ListActiveRunsAsync(int limit = 1000, CancellationToken ct = default)
    {
        await using var command = Command(SelectActiveRuns);
        command.Parameters.AddValue("limit", limit);
        return await ReadRunsAsync(command, ct);
    }

    public async Task<IReadOnlyList<TaskInstance>> ListTaskInstancesAsync(IReadOnlyCollection<TaskInstanceState> states, int limit = 1000, CancellationToken ct = default)
    {
        await using var command = Command(SelectTaskInstances);
        command.Parameters.AddTexts("states", states.Select(StateNames.Of));
        command.Parameters.AddValue("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var tasks = new List<TaskInstance>();
        while (await reader.ReadAsync(ct))
        {
            tasks.Add(TaskInstanceRow.Read(reader));
        }

        return tasks;
    }

    public async Task<InFlight> ListInFlightAsync(IReadOnlyCollection<TaskInstanceState> states, int limit, CancellationToken ct = default)
    {
        await using var batch = _dataSource.CreateBatch();
        var runs = new NpgsqlBatchCommand(Sql(SelectActiveRuns));
        runs.Parameters.AddValue("limit", limit);
        batch.BatchCommands.Add(runs);
        var tasks = new NpgsqlBatchCommand(Sql(SelectTaskInstances));
        tasks.Parameters.AddTexts("states", states.Select(StateNames.Of));
        tasks.Parameters.AddValue("limit", limit);
        batch.BatchCommands.Add(tasks);
        await using var reader = await batch.ExecuteReaderAsync(ct);
        var active = new List<DagRun>();
        while (await reader.ReadAsync(ct))
        {
            active.Add(DagRunRow.Read(reader));
        }

        await reader.NextResultAsync(ct);
        var pending = new List<TaskInstance>();
        while (await reader.ReadAsync(ct))
        {
            pending.Add(TaskInstanceRow.Read(reader));
        }

        return new InFlight(active, pending);
    }

    public async Task<IReadOnlyList<TaskTry>> ListTriesAsync(RunKey key, string? taskId = null, CancellationToken ct = default)
    {
        await using var command = Command(SelectTries);
        AddKey(command.Parameters, key);
        command.Parameters.AddText("task_id", taskId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var tries = new List<TaskTry>();
        while (await reader.ReadAsync(ct))
        {
            tries.Add(TaskTryRow.Read(reader));
        }

        return tries;
    }

    public async Task<IReadOnlyList<TaskTryKey>> HeartbeatAsync(IReadOnlyCollection<TaskTryKey> tries, DateTimeOffset at, CancellationToken ct = default)
    {
        if (tries.Count == 0)
        {
            return [];
        }

        // Sent in key order, the order in which a group of steps locks task instances of several runs, so the two do not
        // lock the same rows in opposite orders. The row locks this takes can still deadlock with a run update writing
        // the same task instances; PostgreSQL then aborts one of the two, and a heartbeat is safe to repeat.
        tries = [.. tries.OrderBy(k => k.DagId, StringComparer.Ordinal).ThenBy(k => k.RunId, StringComparer.Ordinal).ThenBy(k => k.TaskId, StringComparer.Ordinal)];
        var alive = new HashSet<TaskTryKey>();
        await ConflictRetry.RunAsync(
            async () =>
            {
                alive.Clear();
                await using var command = Command(UpdateHeartbeats);
                command.Parameters.AddTimestamp("at", at);
                command.Parameters.AddTexts("dag_id", tries.Select(k => k.DagId));
                command.Parameters.AddTexts("run_id", tries.Select(k => k.RunId));
                command.Parameters.AddTexts("task_id", tries.Select(k => k.TaskId));
                command.Parameters.AddValue("try_number", tries.Select(k => k.TryNumber).ToArray());
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    alive.Add(new TaskTryKey(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3)));
                }
            },
            ct);
        return tries.Where(t => !alive.Contains(t)).ToList();
    }

    private static void AddKey(NpgsqlParameterCollection parameters, RunKey key)
    {
        parameters.AddText("dag_id", key.DagId);
        parameters.AddText("run_id", key.RunId);
    }

    private static async Task<IReadOnlyList<DagRun>> ReadRunsAsync(NpgsqlCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        var runs = new List<DagRun>();
        while (await reader.ReadAsync(ct))
        {
            runs.Add(DagRunRow.Read(reader));
        }

        return runs;
    }
}
