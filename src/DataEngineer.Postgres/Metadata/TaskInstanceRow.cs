using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using Npgsql;

namespace DataEngineer.Postgres.Metadata;

/// <summary>How a <see cref="TaskInstance"/> maps to a task_instances row (aliased <c>ti</c>).</summary>
internal static class TaskInstanceRow
{
    public const string Columns = """
        ti.dag_id, ti.run_id, ti.task_id, ti.state, ti.try_number, ti.max_tries, ti.queue, ti.pool, ti.priority_weight,
        ti.started_at, ti.ended_at, ti.next_try_at, ti.queued_at, ti.heartbeat_at, ti.hostname, ti.error,
        ti.rows_read, ti.rows_written, ti.rows_rejected
        """;

    public const int ColumnCount = 19;

    // One array parameter per column but the key, in the order of the column lists below.
    private const string Arrays = """
        @task_id, @state, @try_number, @max_tries, @queue, @pool, @priority_weight,
        @started_at, @ended_at, @next_try_at, @queued_at, @heartbeat_at, @hostname, @error, @rows_read, @rows_written, @rows_rejected
        """;

    // One statement for any number of task instances of one run: arrays in, one row per element. A new run's rows are
    // inserted as they are (none can exist yet: the run's own insert, in the same batch, fails on a duplicate), so there
    // is no conflict to probe for and nothing to return.
    private const string InsertSql = $$"""
        INSERT INTO {schema}.task_instances AS ti (
            dag_id, run_id, task_id, state, try_number, max_tries, queue, pool, priority_weight,
            started_at, ended_at, next_try_at, queued_at, heartbeat_at, hostname, error, rows_read, rows_written, rows_rejected)
        SELECT @dag_id, @run_id, u.*
        FROM unnest({{Arrays}}) AS u
        """;

    private const string UpsertSql = $$"""
        {{InsertSql}}
        ON CONFLICT (dag_id, run_id, task_id) DO UPDATE SET
            state = excluded.state, try_number = excluded.try_number, max_tries = excluded.max_tries, queue = excluded.queue,
            pool = excluded.pool, priority_weight = excluded.priority_weight, started_at = excluded.started_at,
            ended_at = excluded.ended_at, next_try_at = excluded.next_try_at, queued_at = excluded.queued_at,
            heartbeat_at = excluded.heartbeat_at, hostname = excluded.hostname, error = excluded.error,
            rows_read = excluded.rows_read, rows_written = excluded.rows_written, rows_rejected = excluded.rows_rejected
        RETURNING {{Columns}}
        """;

    // Rows that exist already, of one run or of the several runs a group of steps writes, changed in place: a plain
    // UPDATE fires only the table's update triggers, where the upsert fires its insert triggers too and probes for a
    // conflict first (issue #16, the per-task path). The runs' keys come in through the arrays, so the rows are found by
    // a probe of the primary key each, not by walking the run (PostgresMetadataStore's RunTasksByKey says why). One
    // statement for the whole group: the slot counters' trigger fires once and locks its counter rows in one order.
    private const string UpdateSql = $$"""
        UPDATE {schema}.task_instances AS ti SET
            state = u.state, try_number = u.try_number, max_tries = u.max_tries, queue = u.queue, pool = u.pool,
            priority_weight = u.priority_weight, started_at = u.started_at, ended_at = u.ended_at, next_try_at = u.next_try_at,
            queued_at = u.queued_at, heartbeat_at = u.heartbeat_at, hostname = u.hostname, error = u.error,
            rows_read = u.rows_read, rows_written = u.rows_written, rows_rejected = u.rows_rejected
        FROM unnest(@dag_ids, @run_ids, {{Arrays}})
            AS u(dag_id, run_id, task_id, state, try_number, max_tries, queue, pool, priority_weight,
                 started_at, ended_at, next_try_at, queued_at, heartbeat_at, hostname, error, rows_read, rows_written, rows_rejected)
        WHERE ti.dag_id = u.dag_id AND ti.run_id = u.run_id AND ti.task_id = u.task_id
        RETURNING {{Columns}}
        """;

    public static TaskInstance Read(NpgsqlDataReader reader, int first = 0) => new()
    {
        DagId = reader.GetString(first),
        RunId = reader.GetString(first + 1),
        TaskId = reader.GetString(first + 2),
        State = StateNames.ParseTaskState(reader.GetString(first + 3)),
        TryNumber = reader.GetInt32(first + 4),
        MaxTries = reader.GetInt32(first + 5),
        Queue = reader.GetString(first + 6),
        Pool = reader.GetString(first + 7),
        PriorityWeight = reader.GetInt32(first + 8),
        StartedAt = reader.GetNullableTimestamp(first + 9),
        EndedAt = reader.GetNullableTimestamp(first + 10),
        NextTryAt = reader.GetNullableTimestamp(first + 11),
        QueuedAt = reader.GetNullableTimestamp(first + 12),
        HeartbeatAt = reader.GetNullableTimestamp(first + 13),
        Hostname = reader.GetNullableString(first + 14),
        Error = reader.GetNullableString(first + 15),
        RowsRead = reader.GetInt64(first + 16),
        RowsWritten = reader.GetInt64(first + 17),
        RowsRejected = reader.GetInt64(first + 18),
    };

    /// <summary>Inserts <paramref name="tasks"/>, the task instances of the new run <paramref name="key"/>.</summary>
    public static NpgsqlBatchCommand Insert(string quotedSchema, RunKey key, IReadOnlyList<TaskInstance> tasks) => Rows(InsertSql, quotedSchema, key, tasks);

    /// <summary>Inserts or replaces <paramref name="tasks"/> in the run <paramref name="key"/>, returning the rows written.</summary>
    public static NpgsqlBatchCommand Upsert(string quotedSchema, RunKey key, IReadOnlyList<TaskInstance> tasks) => Rows(UpsertSql, quotedSchema, key, tasks);

    /// <summary>Replaces <paramref name="rows"/>, task instances that exist (of one run or several), returning the rows written.</summary>
    public static NpgsqlBatchCommand Update(string quotedSchema, IReadOnlyList<(RunKey Run, TaskInstance Task)> rows)
    {
        var command = Command(UpdateSql, quotedSchema, rows.Select(r => r.Task).ToList());
        command.Parameters.AddTexts("dag_ids", rows.Select(r => r.Run.DagId));
        command.Parameters.AddTexts("run_ids", rows.Select(r => r.Run.RunId));
        return command;
    }

    // New rows of one run: its key once, the other columns one array each.
    private static NpgsqlBatchCommand Rows(string sql, string quotedSchema, RunKey key, IReadOnlyList<TaskInstance> tasks)
    {
        var command = Command(sql, quotedSchema, tasks);
        command.Parameters.AddText("dag_id", key.DagId);
        command.Parameters.AddText("run_id", key.RunId);
        return command;
    }

    // The columns but the run's key, one array each.
    private static NpgsqlBatchCommand Command(string sql, string quotedSchema, IReadOnlyList<TaskInstance> tasks)
    {
        var command = new NpgsqlBatchCommand(SchemaName.Substitute(sql, quotedSchema));
        var parameters = command.Parameters;
        parameters.AddTexts("task_id", tasks.Select(t => t.TaskId));
        parameters.AddTexts("state", tasks.Select(t => StateNames.Of(t.State)));
        parameters.AddValue("try_number", tasks.Select(t => t.TryNumber).ToArray());
        parameters.AddValue("max_tries", tasks.Select(t => t.MaxTries).ToArray());
        parameters.AddTexts("queue", tasks.Select(t => t.Queue));
        parameters.AddTexts("pool", tasks.Select(t => t.Pool));
        parameters.AddValue("priority_weight", tasks.Select(t => t.PriorityWeight).ToArray());
        parameters.AddTimestamps("started_at", tasks.Select(t => t.StartedAt));
        parameters.AddTimestamps("ended_at", tasks.Select(t => t.EndedAt));
        parameters.AddTimestamps("next_try_at", tasks.Select(t => t.NextTryAt));
        parameters.AddTimestamps("queued_at", tasks.Select(t => t.QueuedAt));
        parameters.AddTimestamps("heartbeat_at", tasks.Select(t => t.HeartbeatAt));
        parameters.AddTexts("hostname", tasks.Select(t => t.Hostname));
        parameters.AddTexts("error", tasks.Select(t => t.Error));
        parameters.AddValue("rows_read", tasks.Select(t => t.RowsRead).ToArray());
        parameters.AddValue("rows_written", tasks.Select(t => t.RowsWritten).ToArray());
        parameters.AddValue("rows_rejected", tasks.Select(t => t.RowsRejected).ToArray());
        return command;
    }
}
