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

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _quoted;

    /// <exception cref="ArgumentException"><paramref name="schema"/> is not a valid schema name.</exception>
    public MetadataRetention(NpgsqlDataSource dataSource, string schema = PostgresMetadataStoreOptions.DefaultSchema)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
        _quoted = SchemaName.Quote(schema);
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
        while (await NextRunsAsync(cutoff, keepLast, dagId, ct) is { Count: > 0 } runs)
        {
            // Log lines are most of a run's rows: deleted apart, in bounded transactions, before the run itself.
            long lines;
            do
            {
                lines = await DeleteLogBatchAsync(runs, ct);
                deleted["task_logs"] += lines;
            }
            while (lines == BatchSize);

            foreach (var (table, rows) in await DeleteRunsAsync(runs, ct))
            {
                deleted[table] += rows;
            }
        }

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

    private async Task<List<(string DagId, string RunId)>> NextRunsAsync(DateTimeOffset cutoff, int keepLast, string? dagId, CancellationToken ct)
    {
        await using var command = Command($"SELECT r.dag_id, r.run_id FROM {{schema}}.dag_runs r WHERE {OldRun} ORDER BY r.dag_id, r.run_id LIMIT {RunsPerBatch}", cutoff, keepLast, dagId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var runs = new List<(string, string)>();
        while (await reader.ReadAsync(ct))
        {
            runs.Add((reader.GetString(0), reader.GetString(1)));
        }

        return runs;
    }

    private async Task<long> DeleteLogBatchAsync(List<(string DagId, string RunId)> runs, CancellationToken ct)
    {
        // Only while the run is still finished: a run someone cleared since it was picked keeps its logs.
        await using var command = RunsCommand($$"""
            WITH {{Batch}}, d AS (DELETE FROM {schema}.task_logs WHERE id IN (
                SELECT l.id FROM {schema}.task_logs l JOIN batch b USING (dag_id, run_id)
                JOIN {schema}.dag_runs r USING (dag_id, run_id) WHERE r.state IN ('success', 'failed') LIMIT {{BatchSize}}) RETURNING 1)
            SELECT count(*) FROM d
            """, runs);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private async Task<Dictionary<string, long>> DeleteRunsAsync(List<(string DagId, string RunId)> runs, CancellationToken ct)
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
                WHERE r.state IN ('success', 'failed') FOR UPDATE OF r),
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
