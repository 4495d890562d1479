using Npgsql;

namespace DataEngineer.Testing.Retention;

/// <summary>
/// Seeds a migrated metadata schema with a known history, written as SQL rows so every count is exact: runs with their
/// task instances, tries, log lines, XCom, check results and SQL statements, and alerts, audit rows and quality events.
/// </summary>
public sealed class MetadataHistory(NpgsqlDataSource dataSource, string schema)
{
    /// <summary>A run of <paramref name="tasks"/> task instances, each with one try, <paramref name="logsPerTask"/> log lines, one XCom, one check result and one SQL statement.</summary>
    public async Task RunAsync(string dagId, string runId, string state, DateTimeOffset logicalDate, DateTimeOffset? endedAt, int tasks = 2, int logsPerTask = 2)
    {
        var created = endedAt ?? logicalDate;
        var sql = $"""
            INSERT INTO {schema}.dag_runs (dag_id, run_id, run_type, data_interval_start, data_interval_end, state, dag_version, created_at, started_at, ended_at)
            VALUES (@dag, @run, 'scheduled', @logical, @logical + interval '1 day', @state, 'v1', @created, @created, @ended);
            INSERT INTO {schema}.task_instances (dag_id, run_id, task_id, state, try_number, max_tries, queue, pool, priority_weight, rows_read, rows_written, rows_rejected)
            SELECT @dag, @run, 't' || n, CASE WHEN @state IN ('success', 'failed') THEN @state ELSE 'running' END, 1, 1, 'default', 'default_pool', 1, 0, 0, 0
            FROM generate_series(1, @tasks) n;
            INSERT INTO {schema}.task_tries (dag_id, run_id, task_id, try_number, state, queue, rows_read, rows_written, rows_rejected)
            SELECT @dag, @run, 't' || n, 1, 'success', 'default', 0, 0, 0 FROM generate_series(1, @tasks) n;
            INSERT INTO {schema}.task_logs (dag_id, run_id, task_id, try_number, at, level, message)
            SELECT @dag, @run, 't' || (n % @tasks + 1), 1, @created, 'Information', 'line ' || n FROM generate_series(1, @tasks * @logs) n;
            INSERT INTO {schema}.xcom (dag_id, run_id, task_id, key, value) SELECT @dag, @run, 't' || n, 'return_value', '1' FROM generate_series(1, @tasks) n;
            INSERT INTO {schema}.check_results (dag_id, run_id, task_id, try_number, name, kind, severity, target, failing_count, sample, at)
            SELECT @dag, @run, 't' || n, 1, 'not_null', 'not_null', 'error', 'x', 0, '[]', @created FROM generate_series(1, @tasks) n;
            INSERT INTO {schema}.task_statements (dag_id, run_id, task_id, try_number, script, ordinal, statement, duration_ms, rows, plan, at)
            SELECT @dag, @run, 't' || n, 1, 'inline SQL', 1, 'SELECT 1', 1, 0, NULL, @created FROM generate_series(1, @tasks) n;
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("dag", dagId);
        command.Parameters.AddWithValue("run", runId);
        command.Parameters.AddWithValue("state", state);
        command.Parameters.AddWithValue("logical", logicalDate.UtcDateTime);
        command.Parameters.AddWithValue("created", created.UtcDateTime);
        command.Parameters.AddWithValue("ended", endedAt is { } e ? e.UtcDateTime : DBNull.Value);
        command.Parameters.AddWithValue("tasks", tasks);
        command.Parameters.AddWithValue("logs", logsPerTask);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The DAG's own row (as a scheduler's scan records it) and one finished backfill of it.</summary>
    public Task DagAsync(string dagId, DateTimeOffset at) => ExecuteAsync($"""
        INSERT INTO {schema}.dags (dag_id, version, schedule, time_zone, tags, is_paused, last_seen_at) VALUES (@text, 'v1', '@daily', 'UTC', ARRAY[]::text[], false, @at);
        INSERT INTO {schema}.backfills (dag_id, from_date, to_date, reprocess, max_active_runs, intervals, state, created_by, created_at, updated_at)
        VALUES (@text, @at, @at, 'none', 1, 1, 'done', 'alice', @at, @at);
        """, at, dagId);

    /// <summary>An alert created at <paramref name="at"/> with the delivery status <paramref name="status"/> (pending, sent, failed).</summary>
    public Task AlertAsync(string status, DateTimeOffset at) => ExecuteAsync($"""
        INSERT INTO {schema}.alerts (event_key, kind, recipient, channel, subject, body, payload, status, created_at, next_attempt_at)
        VALUES (gen_random_uuid()::text, 'task_failed', 'ops', 'log', 's', 'b', jsonb_build_object(), @text, @at, @at)
        """, at, status);

    public Task AuditAsync(DateTimeOffset at) => ExecuteAsync(
        $"INSERT INTO {schema}.audit_log (at, actor, action, target, detail) VALUES (@at, 'alice', @text, 'x', '')", at, "dag.pause");

    /// <summary>A quality event of <paramref name="kind"/> at <paramref name="at"/>, open (unresolved) or resolved.</summary>
    public Task QualityEventAsync(string kind, DateTimeOffset at, bool open) => ExecuteAsync($"""
        INSERT INTO {schema}.quality_events (kind, severity, dataset, message, at, resolved_at)
        VALUES (@text, 'warn', 'ds.' || gen_random_uuid(), 'm', @at, CASE WHEN {(open ? "false" : "true")} THEN @at END)
        """, at, kind);

    /// <summary>Rows in <paramref name="table"/>.</summary>
    public async Task<long> CountAsync(string table)
    {
        await using var command = dataSource.CreateCommand($"SELECT count(*) FROM {schema}.{table}");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The run ids left in <c>dag_runs</c>, sorted.</summary>
    public async Task<List<string>> RunIdsAsync()
    {
        await using var command = dataSource.CreateCommand($"SELECT run_id FROM {schema}.dag_runs ORDER BY run_id COLLATE \"C\"");
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<string>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private async Task ExecuteAsync(string sql, DateTimeOffset at, string text)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("at", at.UtcDateTime);
        command.Parameters.AddWithValue("text", text);
        await command.ExecuteNonQueryAsync();
    }
}
