using Npgsql;
using NpgsqlTypes;

namespace DataEngineer.Postgres.Metadata;

/// <summary>
/// Deletes metadata older than a cutoff, as Airflow's <c>db clean</c> does: finished runs (with their task instances,
/// tries, log lines, XCom, check results and SQL statements), delivered or failed alerts, audit rows and quality events. Never a queued
/// or running run, nor the latest run (or runs: <c>keepLast</c>) of a DAG (its state and schedule position stay visible), nor a pending alert or
/// an open freshness breach. Works in small transactions (log lines <see cref="BatchSize"/> at a time, runs
/// <see cref="RunsPerBatch"/> at a time) so it never holds long locks on tables the engine writes.
/// </summary>
public sealed class MetadataRetention
{
    /// <summary>Log lines, alerts, audit rows or quality events deleted per transaction.</summary>
    public const int BatchSize = 10_000;

    /// <summary>Runs (with their task instances, tries and XCom) deleted per transaction.</summary>
    public const int RunsPerBatch = 100;

    /// <summary>The tables cleaned, in the order counts are reported.</summary>
    public static readonly IReadOnlyList<string> Tables = ["dag_runs", "task_instances", "task_tries", "task_logs", "xcom", "check_results", "task_statements", "alerts", "audit_log", "quality_events"];

    // A finished run that ended before the cutoff and is not among its DAG's latest @keep (by logical date; the unique
    // (dag_id, data_interval_start) index finds the @keep-th newest without reading the DAG's other runs).
    private const string OldRun = """
        r.state IN ('success', 'failed') AND coalesce(r.ended_at, r.created_at) < @cutoff AND (@dag::text IS NULL OR r.dag_id = @dag)
        AND r.data_interval_start < (SELECT l.data_interval_start FROM {schema}.dag_runs l WHERE l.dag_id = r.dag_id
            ORDER BY l.data_interval_start DESC OFFSET @keep - 1 LIMIT 1)
        """;

    // Rows of tables that are not per run: their own time column, and never what is still in use. With one DAG, only
    // the rows that name it (the audit log is the whole deployment's, so it is left to a clean of every DAG).
    private static readonly Dictionary<string, string> OwnWindow = new()
    {
        ["alerts"] = "created_at < @cutoff AND status <> 'pending' AND (@dag::text IS NULL OR dag_id = @dag)",
        ["audit_log"] = "at < @cutoff AND @dag::text IS NULL",
        ["quality_events"] = "at < @cutoff AND NOT (kind = 'freshness_breach' AND resolved_at IS NULL) AND (@dag::text IS NULL OR dag_id = @dag)",
    };

    // The runs of one batch, passed as two arrays.
    private const string Batch = "batch AS (SELECT * FROM unnest(@dags, @runs) AS b(dag_id, run_id))";

    private static readonly string[] RunChildren = ["xcom", "check_results", "task_statements", "task_tries", "task_instances"];

    // What db clean deletes of a run it picked: only while the run is still finished (a run cleared since is left alone).
    private const string Finished = "r.state IN ('success', 'failed')";

    // What dags delete deletes of a run: anything but a run with a task instance running (Airflow refuses those too).
    private const string NothingRunning = "NOT EXISTS (SELECT FROM {schema}.task_instances t WHERE t.dag_id = r.dag_id AND t.run_id = r.run_id AND t.state = 'running')";

    // A DAG's rows outside its runs that dags delete keeps: the datasets' own history (row counts, schema versions, dataset
    // events), as db clean keeps it and Airflow keeps dataset events, and the audit log (Airflow's keep_records_in_log).
    private static readonly string[] DatasetHistory = ["datasets", "dataset_writes", "dataset_schemas", "dataset_events"];

    private const string DagTables = """
        SELECT c.table_name FROM information_schema.columns c
        JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
        WHERE c.table_schema = @schema AND c.column_name = 'dag_id' ORDER BY c.table_name
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _schema;
    private readonly string _quoted;

    /// <exception cref="ArgumentException"><paramref name="schema"/> is not a valid schema name.</exception>
    public MetadataRetention(NpgsqlDataSource dataSource, string schema = PostgresMetadataStoreOptions.DefaultSchema)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
        _quoted = SchemaName.Quote(schema);
        _schema = schema;
    }

    /// <summary>
    /// How many rows of each table <see cref="DeleteAsync"/> would delete now (a dry run: changes nothing), keeping the
    /// latest <paramref name="keepLast"/> runs of each DAG; only <paramref name="dagId"/>'s rows when given.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="keepLast"/> is below 1: each DAG's latest run is always kept.</exception>
    public async Task<IReadOnlyList<MetadataCleanCount>> CountAsync(DateTimeOffset cutoff, int keepLast = 1, string? dagId = null, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keepLast, 1);
        var perRun = string.Join(" UNION ALL ", RunChildren.Append("task_logs")
            .Select(t => $"SELECT '{t}', count(*) FROM {{schema}}.{t} x JOIN old USING (dag_id, run_id)"));
        var own = string.Join(" UNION ALL ", OwnWindow.Select(w => $"SELECT '{w.Key}', count(*) FROM {{schema}}.{w.Key} WHERE {w.Value}"));
        var sql = $"WITH old AS (SELECT r.dag_id, r.run_id FROM {{schema}}.dag_runs r WHERE {OldRun}) "
            + $"SELECT 'dag_runs', count(*) FROM old UNION ALL {perRun} UNION ALL {own}";
        await using var command = Command(sql, cutoff, keepLast, dagId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var counts = new Dictionary<string, long>();
        while (await reader.ReadAsync(ct))
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return Tables.Select(t => new MetadataCleanCount(t, counts[t])).ToList();
    }

    /// <summary>Deletes what <see cref="CountAsync"/> counts, batch by batch, and returns the rows deleted per table.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="keepLast"/> is below 1.</exception>
    public async Task<IReadOnlyList<MetadataCleanCount>> DeleteAsync(DateTimeOffset cutoff, int keepLast = 1, string? dagId = null, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keepLast, 1);
        var deleted = Tables.ToDictionary(t => t, _ => 0L);
        await DeleteRunsAsync(() => NextRunsAsync(OldRun, cutoff, keepLast, dagId, ct), Finished, deleted, ct);

        foreach (var (table, window) in OwnWindow)
        {
            long rows;
            do
            {
                await using var command = Command($"WITH d AS (DELETE FROM {{schema}}.{table} WHERE id IN (SELECT id FROM {{schema}}.{table} WHERE {window} LIMIT {BatchSize}) RETURNING 1) SELECT count(*) FROM d", cutoff, dagId: dagId);
                rows = (long)(await command.ExecuteScalarAsync(ct))!;
                deleted[table] += rows;
            }
            while (rows == BatchSize);
        }

        return Tables.Select(t => new MetadataCleanCount(t, deleted[t])).ToList();
    }

    /// <summary>
    /// Deletes everything the metadata database holds about <paramref name="dagId"/> (<c>dags delete</c>), in batches:
    /// the rows of every table with a <c>dag_id</c> column but the datasets' own history and the audit log, then its
    /// runs (with their task instances, tries, logs, XCom, check results and statements) a hundred at a time, then the
    /// DAG itself. Returns the rows deleted per table.
    /// </summary>
    /// <exception cref="Core.Operations.OperationException">A task instance of the DAG is running (409): nothing is deleted.</exception>
    public async Task<IReadOnlyList<MetadataCleanCount>> DeleteDagAsync(string dagId, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(dagId);
        await using (var running = Command("SELECT count(*) FROM {schema}.task_instances WHERE dag_id = @dag AND state = 'running'", DateTimeOffset.MinValue, dagId: dagId))
        {
            if ((long)(await running.ExecuteScalarAsync(ct))! is > 0 and var count)
            {
                throw new Core.Operations.OperationException($"DAG '{dagId}' has {count} task instance(s) running: its metadata cannot be deleted while "
                    + "they run (as in Airflow). Wait for them to finish, or mark the runs failed ('runs mark <dag_id> <run_id> --state failed'), then delete again.", 409);
            }
        }

        var deleted = new Dictionary<string, long>();
        // First the rows outside the runs (deadline misses among them, which the runs' deletion would cascade uncounted).
        var others = (await DagTablesAsync(ct)).Where(t => !DatasetHistory.Contains(t) && !RunChildren.Contains(t) && t is not ("dag_runs" or "task_logs" or "dags")).ToList();
        foreach (var table in others)
        {
            deleted[table] = await DeleteDagRowsAsync(table, dagId, ct);
        }

        foreach (var table in RunChildren.Append("task_logs").Append("dag_runs"))
        {
            deleted[table] = 0;
        }

        await DeleteRunsAsync(() => NextRunsAsync($"r.dag_id = @dag AND {NothingRunning}", DateTimeOffset.MinValue, 1, dagId, ct), NothingRunning, deleted, ct);
        deleted["dags"] = await DeleteDagRowsAsync("dags", dagId, ct);
        return [.. deleted.Select(d => new MetadataCleanCount(d.Key, d.Value))];
    }

    private async Task DeleteRunsAsync(Func<Task<List<(string DagId, string RunId)>>> next, string deletable, Dictionary<string, long> deleted, CancellationToken ct)
    {
        while (await next() is { Count: > 0 } runs)
        {
            // Log lines are most of a run's rows: deleted apart, in bounded transactions, before the run itself.
            long lines;
            do
            {
                lines = await DeleteLogBatchAsync(runs, deletable, ct);
                deleted["task_logs"] += lines;
            }
            while (lines == BatchSize);

            foreach (var (table, rows) in await DeleteRunBatchAsync(runs, deletable, ct))
            {
                deleted[table] += rows;
            }
        }
    }

    private async Task<List<string>> DagTablesAsync(CancellationToken ct)
    {
        await using var command = _dataSource.CreateCommand(DagTables);
        command.Parameters.AddWithValue("schema", _schema);
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    private async Task<long> DeleteDagRowsAsync(string table, string dagId, CancellationToken ct)
    {
        // The table's name comes from the catalog: validated and quoted like a schema name before it is spliced in.
        var quoted = SchemaName.Quote(table);
        long total = 0, rows;
        do
        {
            await using var command = Command($"WITH d AS (DELETE FROM {{schema}}.{quoted} WHERE ctid IN (SELECT ctid FROM {{schema}}.{quoted} WHERE dag_id = @dag LIMIT {BatchSize}) RETURNING 1) SELECT count(*) FROM d", DateTimeOffset.MinValue, dagId: dagId);
            rows = (long)(await command.ExecuteScalarAsync(ct))!;
            total += rows;
        }
        while (rows == BatchSize);
        return total;
    }

    private async Task<List<(string DagId, string RunId)>> NextRunsAsync(string where, DateTimeOffset cutoff, int keepLast, string? dagId, CancellationToken ct)
    {
        await using var command = Command($"SELECT r.dag_id, r.run_id FROM {{schema}}.dag_runs r WHERE {where} ORDER BY r.dag_id, r.run_id LIMIT {RunsPerBatch}", cutoff, keepLast, dagId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var runs = new List<(string, string)>();
        while (await reader.ReadAsync(ct))
        {
            runs.Add((reader.GetString(0), reader.GetString(1)));
        }

        return runs;
    }

    private async Task<long> DeleteLogBatchAsync(List<(string DagId, string RunId)> runs, string deletable, CancellationToken ct)
    {
        // Only while the run is still deletable: a run someone cleared since it was picked keeps its logs.
        await using var command = RunsCommand($$"""
            WITH {{Batch}}, d AS (DELETE FROM {schema}.task_logs WHERE id IN (
                SELECT l.id FROM {schema}.task_logs l JOIN batch b USING (dag_id, run_id)
                JOIN {schema}.dag_runs r USING (dag_id, run_id) WHERE {{deletable}} LIMIT {{BatchSize}}) RETURNING 1)
            SELECT count(*) FROM d
            """, runs);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private async Task<Dictionary<string, long>> DeleteRunBatchAsync(List<(string DagId, string RunId)> runs, string deletable, CancellationToken ct)
    {
        // One statement: the runs locked and re-checked (a run cleared, so queued again, since it was picked is left
        // alone), then their rows deleted and counted. Children are deleted explicitly so they can be counted; the
        // foreign keys' cascade then finds nothing left.
        string[] tables = [.. RunChildren, "task_logs", "dag_runs"];
        var deletes = tables.Select(t => t == "dag_runs"
            ? "d_dag_runs AS (DELETE FROM {schema}.dag_runs x USING locked k WHERE x.dag_id = k.dag_id AND x.run_id = k.run_id RETURNING 1)"
            : $"d_{t} AS (DELETE FROM {{schema}}.{t} x USING locked k WHERE x.dag_id = k.dag_id AND x.run_id = k.run_id RETURNING 1)");
        var ctes = string.Join(", ", deletes);
        var counts = string.Join(", ", tables.Select(t => $"(SELECT count(*) FROM d_{t})"));
        await using var command = RunsCommand($$"""
            WITH {{Batch}},
            locked AS (SELECT r.dag_id, r.run_id FROM {schema}.dag_runs r JOIN batch b USING (dag_id, run_id)
                WHERE {{deletable}} FOR UPDATE OF r),
            {{ctes}}
            SELECT {{counts}}
            """, runs);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return tables.Select((t, i) => (t, reader.GetInt64(i))).ToDictionary(p => p.t, p => p.Item2);
    }

    private NpgsqlCommand Command(string sql, DateTimeOffset cutoff, int keepLast = 1, string? dagId = null)
    {
        var command = _dataSource.CreateCommand(SchemaName.Substitute(sql, _quoted));
        command.Parameters.Add(new NpgsqlParameter("cutoff", NpgsqlDbType.TimestampTz) { Value = cutoff.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter("keep", NpgsqlDbType.Integer) { Value = keepLast });
        command.Parameters.Add(new NpgsqlParameter("dag", NpgsqlDbType.Text) { Value = (object?)dagId ?? DBNull.Value });
        return command;
    }

    private NpgsqlCommand RunsCommand(string sql, List<(string DagId, string RunId)> runs)
    {
        var command = _dataSource.CreateCommand(SchemaName.Substitute(sql, _quoted));
        command.Parameters.Add(new NpgsqlParameter("dags", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = runs.Select(r => r.DagId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("runs", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = runs.Select(r => r.RunId).ToArray() });
        return command;
    }
}
