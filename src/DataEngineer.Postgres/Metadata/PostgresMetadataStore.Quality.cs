using DataEngineer.Core.Storage;
using Npgsql;
using NpgsqlTypes;

namespace DataEngineer.Postgres.Metadata;

public sealed partial class PostgresMetadataStore
{
    // Two ints, unlike the one-bigint locks elsewhere: PostgreSQL keeps the two forms apart, so they never collide.
    private const string LockDataset = "SELECT pg_advisory_xact_lock(3557, hashtext(@dataset))";

    // A new version only when the columns differ from the latest one.
    private const string InsertSchemaVersion = """
        INSERT INTO {schema}.dataset_schemas (dataset, version, columns, dag_id, run_id, first_seen_at)
        SELECT @dataset, coalesce(max(version), 0) + 1, @columns, @dag_id, @run_id, @at
        FROM {schema}.dataset_schemas WHERE dataset = @dataset
        HAVING coalesce((SELECT s.columns <> @columns FROM {schema}.dataset_schemas s WHERE s.dataset = @dataset ORDER BY s.version DESC LIMIT 1), true)
        """;

    private const string UpsertDataset = """
        WITH version AS (SELECT max(version) AS v FROM {schema}.dataset_schemas WHERE dataset = @dataset),
        written AS (
            INSERT INTO {schema}.dataset_writes (dataset, dag_id, run_id, task_id, try_number, at, logical_date, row_count, rows_written, data_updated_at, schema_version, size_bytes, row_estimate)
            SELECT @dataset, @dag_id, @run_id, @task_id, @try_number, @at, @logical_date, @row_count, @rows_written, @data_updated_at, v, @size_bytes, @row_estimate FROM version)
        INSERT INTO {schema}.datasets (name, dag_id, task_id, last_run_id, last_written_at, data_updated_at, row_count, freshness_sla, schema_version, columns, column_values)
        SELECT @dataset, @dag_id, @task_id, @run_id, @at, @data_updated_at, @row_count, @freshness_sla, v, @columns, @column_values FROM version
        ON CONFLICT (name) DO UPDATE SET dag_id = excluded.dag_id, task_id = excluded.task_id, last_run_id = excluded.last_run_id,
            last_written_at = excluded.last_written_at, data_updated_at = excluded.data_updated_at, row_count = excluded.row_count,
            freshness_sla = excluded.freshness_sla, schema_version = excluded.schema_version, columns = excluded.columns,
            column_values = excluded.column_values
        """;

    private const string InsertCheck = """
        INSERT INTO {schema}.check_results (dag_id, run_id, task_id, try_number, name, kind, severity, target, failing_count, sample, at)
        VALUES (@dag_id, @run_id, @task_id, @try_number, @name, @kind, @severity, @target, @failing_count, @sample, @at)
        """;

    private const string UpsertWatermark = """
        INSERT INTO {schema}.watermarks (dag_id, task_id, source, value, run_id, updated_at)
        VALUES (@dag_id, @task_id, @source, @value, @run_id, @at)
        ON CONFLICT (dag_id, task_id, source) DO UPDATE SET value = excluded.value, run_id = excluded.run_id, updated_at = excluded.updated_at
        """;

    private const string InsertEvent = """
        INSERT INTO {schema}.quality_events (kind, severity, dataset, dag_id, run_id, task_id, try_number, message, before, after, at)
        VALUES (@kind, @severity, @dataset, @dag_id, @run_id, @task_id, @try_number, @message, @before, @after, @at)
        ON CONFLICT DO NOTHING
        """;

    private const string SelectDatasets = """
        SELECT d.name, d.dag_id, d.task_id, d.last_run_id, d.last_written_at, d.data_updated_at, d.row_count, d.freshness_sla,
               d.schema_version, d.columns::text, d.column_values::text,
               (SELECT e.at FROM {schema}.quality_events e WHERE e.dataset = d.name AND e.kind = 'freshness_breach' AND e.resolved_at IS NULL)
        FROM {schema}.datasets d
        """;

    private const string SelectWrites = """
        SELECT dataset, dag_id, run_id, task_id, try_number, at, row_count, rows_written, data_updated_at, schema_version, logical_date, size_bytes, row_estimate
        FROM {schema}.dataset_writes WHERE dataset = @dataset ORDER BY id DESC LIMIT @limit
        """;

    private const string InsertStatement = """
        INSERT INTO {schema}.task_statements (dag_id, run_id, task_id, try_number, script, ordinal, statement, duration_ms, rows, plan, at)
        VALUES (@dag_id, @run_id, @task_id, @try_number, @script, @ordinal, @statement, @duration_ms, @rows, @plan, @at)
        """;

    private const string SelectStatements = """
        SELECT dag_id, run_id, task_id, try_number, script, ordinal, statement, duration_ms, rows, plan, at
        FROM {schema}.task_statements WHERE dag_id = @dag_id AND run_id = @run_id AND (@task_id::text IS NULL OR task_id = @task_id)
        ORDER BY task_id, try_number, ordinal
        """;

    // The latest @limit runs of each of the task's statements, read from the newest rows of the task's index.
    private const string SelectStatementDurations = """
        SELECT script, ordinal, duration_ms FROM (
            SELECT script, ordinal, duration_ms, row_number() OVER (PARTITION BY script, ordinal ORDER BY id DESC) AS n
            FROM (SELECT id, script, ordinal, duration_ms FROM {schema}.task_statements WHERE dag_id = @dag_id AND task_id = @task_id
                  ORDER BY id DESC LIMIT @scan) AS latest) AS numbered
        WHERE n <= @limit
        """;

    private const string SelectRowsWritten = """
        SELECT rows_written FROM {schema}.dataset_writes
        WHERE dataset = @dataset AND dag_id = @dag_id AND task_id = @task_id
          AND (@weekday::integer IS NULL OR extract(dow FROM logical_date AT TIME ZONE 'UTC') = @weekday)
        ORDER BY id DESC LIMIT @limit
        """;

    private const string SelectSchemaVersions = """
        SELECT dataset, version, columns::text, dag_id, run_id, first_seen_at FROM {schema}.dataset_schemas WHERE dataset = @dataset ORDER BY version
        """;

    private const string SelectChecks = """
        SELECT dag_id, run_id, task_id, try_number, name, kind, severity, target, failing_count, sample, at
        FROM {schema}.check_results WHERE dag_id = @dag_id AND run_id = @run_id ORDER BY id
        """;

    private const string ResolveBreach = """
        UPDATE {schema}.quality_events SET resolved_at = @at WHERE dataset = @dataset AND kind = 'freshness_breach' AND resolved_at IS NULL
        """;

    private const string SelectEvents = """
        SELECT id, kind, severity, dataset, dag_id, run_id, task_id, message, before, after, at, resolved_at, try_number
        FROM {schema}.quality_events WHERE id > @after_id ORDER BY id LIMIT @limit
        """;

    private const string SelectRunEvents = """
        SELECT id, kind, severity, dataset, dag_id, run_id, task_id, message, before, after, at, resolved_at, try_number
        FROM {schema}.quality_events WHERE dag_id = @dag_id AND run_id = @run_id ORDER BY id LIMIT @limit
        """;

    private const string SelectDatasetEvents = """
        SELECT id, kind, severity, dataset, dag_id, run_id, task_id, message, before, after, at, resolved_at, try_number
        FROM {schema}.quality_events WHERE dataset = @dataset ORDER BY id DESC LIMIT @limit
        """;

    public async Task RecordTryObservationsAsync(TryObservations observations, CancellationToken ct = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var write in observations.Writes.OrderBy(w => w.Dataset, StringComparer.Ordinal))
        {
            var columns = DatasetJson.Columns(write.Columns);
            batch.BatchCommands.Add(BatchCommand(LockDataset, p => p.AddText("dataset", write.Dataset)));
            batch.BatchCommands.Add(BatchCommand(InsertSchemaVersion, p =>
            {
                p.AddText("dataset", write.Dataset);
                p.AddJson("columns", columns);
                p.AddText("dag_id", write.DagId);
                p.AddText("run_id", write.RunId);
                p.AddTimestamp("at", write.At);
            }));
            batch.BatchCommands.Add(BatchCommand(UpsertDataset, p =>
            {
                p.AddText("dataset", write.Dataset);
                p.AddText("dag_id", write.DagId);
                p.AddText("run_id", write.RunId);
                p.AddText("task_id", write.TaskId);
                p.AddValue("try_number", write.TryNumber);
                p.AddTimestamp("at", write.At);
                p.AddTimestamp("logical_date", write.LogicalDate);
                p.AddValue("row_count", write.RowCount);
                p.AddValue("rows_written", write.RowsWritten);
                p.AddTimestamp("data_updated_at", write.DataUpdatedAt);
                p.Add(new NpgsqlParameter("freshness_sla", NpgsqlDbType.Interval) { Value = (object?)write.FreshnessSla ?? DBNull.Value });
                p.AddJson("columns", columns);
                p.AddJson("column_values", DatasetJson.Values(write.ColumnValues));
                p.Add(new NpgsqlParameter("size_bytes", NpgsqlDbType.Bigint) { Value = (object?)write.SizeBytes ?? DBNull.Value });
                p.Add(new NpgsqlParameter("row_estimate", NpgsqlDbType.Bigint) { Value = (object?)write.RowEstimate ?? DBNull.Value });
            }));
        }

        foreach (var statement in observations.Statements)
        {
            batch.BatchCommands.Add(BatchCommand(InsertStatement, p =>
            {
                p.AddText("dag_id", statement.DagId);
                p.AddText("run_id", statement.RunId);
                p.AddText("task_id", statement.TaskId);
                p.AddValue("try_number", statement.TryNumber);
                p.AddText("script", statement.Script);
                p.AddValue("ordinal", statement.Ordinal);
                p.AddText("statement", statement.Sql);
                p.AddValue("duration_ms", statement.DurationMs);
                p.AddValue("rows", statement.Rows);
                p.AddText("plan", statement.PlanJson);
                p.AddTimestamp("at", statement.At);
            }));
        }

        foreach (var check in observations.Checks)
        {
            batch.BatchCommands.Add(BatchCommand(InsertCheck, p =>
            {
                p.AddText("dag_id", check.DagId);
                p.AddText("run_id", check.RunId);
                p.AddText("task_id", check.TaskId);
                p.AddValue("try_number", check.TryNumber);
                p.AddText("name", check.Name);
                p.AddText("kind", check.Kind);
                p.AddText("severity", check.Severity);
                p.AddText("target", check.Target);
                p.AddValue("failing_count", check.FailingCount);
                p.AddText("sample", check.SampleJson);
                p.AddTimestamp("at", check.At);
            }));
        }

        foreach (var mark in observations.Watermarks)
        {
            batch.BatchCommands.Add(BatchCommand(UpsertWatermark, p =>
            {
                p.AddText("dag_id", mark.DagId);
                p.AddText("task_id", mark.TaskId);
                p.AddText("source", mark.Source);
                p.AddText("value", mark.Value);
                p.AddText("run_id", mark.RunId);
                p.AddTimestamp("at", mark.UpdatedAt);
            }));
        }

        foreach (var e in observations.Events)
        {
            batch.BatchCommands.Add(BatchCommand(InsertEvent, p => AddEvent(p, e)));
        }

        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
    }

    public async Task<DatasetRecord?> GetDatasetAsync(string name, CancellationToken ct = default)
    {
        await using var command = Command(SelectDatasets + " WHERE d.name = @dataset");
        command.Parameters.AddText("dataset", name);
        return (await ReadDatasetsAsync(command, ct)).SingleOrDefault();
    }

    public async Task<IReadOnlyList<DatasetRecord>> ListDatasetsAsync(CancellationToken ct = default)
    {
        await using var command = Command(SelectDatasets + " ORDER BY d.name");
        return await ReadDatasetsAsync(command, ct);
    }

    public async Task<IReadOnlyList<DatasetWrite>> ListDatasetWritesAsync(string name, int limit, CancellationToken ct = default)
    {
        await using var command = Command(SelectWrites);
        command.Parameters.AddText("dataset", name);
        command.Parameters.AddValue("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var writes = new List<DatasetWrite>();
        while (await reader.ReadAsync(ct))
        {
            writes.Add(new DatasetWrite
            {
                Dataset = reader.GetString(0),
                DagId = reader.GetString(1),
                RunId = reader.GetString(2),
                TaskId = reader.GetString(3),
                TryNumber = reader.GetInt32(4),
                At = reader.GetTimestamp(5),
                RowCount = reader.GetInt64(6),
                RowsWritten = reader.GetInt64(7),
                DataUpdatedAt = reader.GetNullableTimestamp(8),
                SchemaVersion = reader.GetInt32(9),
                LogicalDate = reader.GetTimestamp(10),
                SizeBytes = reader.IsDBNull(11) ? null : reader.GetInt64(11),
                RowEstimate = reader.IsDBNull(12) ? null : reader.GetInt64(12),
            });
        }

        return writes;
    }

    public async Task<IReadOnlyList<long>> ListRowsWrittenAsync(string dataset, string dagId, string taskId, int limit, DayOfWeek? weekday = null, CancellationToken ct = default)
    {
        await using var command = Command(SelectRowsWritten);
        command.Parameters.AddText("dataset", dataset);
        command.Parameters.AddText("dag_id", dagId);
        command.Parameters.AddText("task_id", taskId);
        command.Parameters.AddValue("limit", limit);
        command.Parameters.Add(new NpgsqlParameter("weekday", NpgsqlDbType.Integer) { Value = weekday is { } day ? (int)day : DBNull.Value });
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<long>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(reader.GetInt64(0));
        }

        return rows;
    }

    public async Task<IReadOnlyList<StatementRecord>> ListStatementsAsync(RunKey run, string? taskId = null, CancellationToken ct = default)
    {
        await using var command = Command(SelectStatements);
        command.Parameters.AddText("dag_id", run.DagId);
        command.Parameters.AddText("run_id", run.RunId);
        command.Parameters.AddText("task_id", taskId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var statements = new List<StatementRecord>();
        while (await reader.ReadAsync(ct))
        {
            statements.Add(new StatementRecord
            {
                DagId = reader.GetString(0),
                RunId = reader.GetString(1),
                TaskId = reader.GetString(2),
                TryNumber = reader.GetInt32(3),
                Script = reader.GetString(4),
                Ordinal = reader.GetInt32(5),
                Sql = reader.GetString(6),
                DurationMs = reader.GetDouble(7),
                Rows = reader.GetInt64(8),
                PlanJson = reader.GetNullableString(9),
                At = reader.GetTimestamp(10),
            });
        }

        return statements;
    }

    public async Task<IReadOnlyList<StatementDuration>> ListStatementDurationsAsync(string dagId, string taskId, int limit, CancellationToken ct = default)
    {
        await using var command = Command(SelectStatementDurations);
        command.Parameters.AddText("dag_id", dagId);
        command.Parameters.AddText("task_id", taskId);
        command.Parameters.AddValue("limit", limit);
        // A task runs a handful of statements: 50 per run is plenty to find each one's latest runs.
        command.Parameters.AddValue("scan", limit * 50);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var durations = new List<StatementDuration>();
        while (await reader.ReadAsync(ct))
        {
            durations.Add(new StatementDuration(reader.GetString(0), reader.GetInt32(1), reader.GetDouble(2)));
        }

        return durations;
    }

    public async Task<IReadOnlyList<SchemaVersion>> ListSchemaVersionsAsync(string name, CancellationToken ct = default)
    {
        await using var command = Command(SelectSchemaVersions);
        command.Parameters.AddText("dataset", name);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var versions = new List<SchemaVersion>();
        while (await reader.ReadAsync(ct))
        {
            versions.Add(new SchemaVersion(reader.GetString(0), reader.GetInt32(1), DatasetJson.ReadColumns(reader.GetString(2)), reader.GetString(3), reader.GetString(4), reader.GetTimestamp(5)));
        }

        return versions;
    }

    public async Task<IReadOnlyList<CheckRecord>> ListCheckResultsAsync(RunKey run, CancellationToken ct = default)
    {
        await using var command = Command(SelectChecks);
        command.Parameters.AddText("dag_id", run.DagId);
        command.Parameters.AddText("run_id", run.RunId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var checks = new List<CheckRecord>();
        while (await reader.ReadAsync(ct))
        {
            checks.Add(ReadCheck(reader));
        }

        return checks;
    }

    // The columns of SelectChecks, in its order.
    private static CheckRecord ReadCheck(NpgsqlDataReader reader) => new()
    {
        DagId = reader.GetString(0),
        RunId = reader.GetString(1),
        TaskId = reader.GetString(2),
        TryNumber = reader.GetInt32(3),
        Name = reader.GetString(4),
        Kind = reader.GetString(5),
        Severity = reader.GetString(6),
        Target = reader.GetString(7),
        FailingCount = reader.GetInt64(8),
        SampleJson = reader.GetString(9),
        At = reader.GetTimestamp(10),
    };

    public async Task<bool> OpenFreshnessBreachAsync(QualityEvent breach, CancellationToken ct = default)
    {
        await using var command = Command(InsertEvent);
        AddEvent(command.Parameters, breach);
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task<bool> ResolveFreshnessBreachAsync(string dataset, DateTimeOffset at, CancellationToken ct = default)
    {
        await using var command = Command(ResolveBreach);
        command.Parameters.AddText("dataset", dataset);
        command.Parameters.AddTimestamp("at", at);
        return await command.ExecuteNonQueryAsync(ct) > 0;
    }

    public async Task<IReadOnlyList<QualityEvent>> ListQualityEventsAsync(long afterId, int limit, CancellationToken ct = default)
    {
        await using var command = Command(SelectEvents);
        command.Parameters.AddValue("after_id", afterId);
        command.Parameters.AddValue("limit", limit);
        return await ReadEventsAsync(command, ct);
    }

    public async Task<IReadOnlyList<QualityEvent>> ListDatasetEventsAsync(string dataset, int limit, CancellationToken ct = default)
    {
        await using var command = Command(SelectDatasetEvents);
        command.Parameters.AddText("dataset", dataset);
        command.Parameters.AddValue("limit", limit);
        return await ReadEventsAsync(command, ct);
    }

    public async Task<IReadOnlyList<QualityEvent>> ListRunEventsAsync(RunKey run, int limit, CancellationToken ct = default)
    {
        await using var command = Command(SelectRunEvents);
        command.Parameters.AddText("dag_id", run.DagId);
        command.Parameters.AddText("run_id", run.RunId);
        command.Parameters.AddValue("limit", limit);
        return await ReadEventsAsync(command, ct);
    }

    private static async Task<IReadOnlyList<QualityEvent>> ReadEventsAsync(NpgsqlCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        var events = new List<QualityEvent>();
        while (await reader.ReadAsync(ct))
        {
            events.Add(new QualityEvent
            {
                Id = reader.GetInt64(0),
                Kind = reader.GetString(1),
                Severity = reader.GetString(2),
                Dataset = reader.GetNullableString(3),
                DagId = reader.GetNullableString(4),
                RunId = reader.GetNullableString(5),
                TaskId = reader.GetNullableString(6),
                Message = reader.GetString(7),
                Before = reader.GetNullableString(8),
                After = reader.GetNullableString(9),
                At = reader.GetTimestamp(10),
                ResolvedAt = reader.GetNullableTimestamp(11),
                TryNumber = reader.IsDBNull(12) ? null : reader.GetInt32(12),
            });
        }

        return events;
    }

    private static async Task<IReadOnlyList<DatasetRecord>> ReadDatasetsAsync(NpgsqlCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        var datasets = new List<DatasetRecord>();
        while (await reader.ReadAsync(ct))
        {
            datasets.Add(new DatasetRecord
            {
                Name = reader.GetString(0),
                DagId = reader.GetString(1),
                TaskId = reader.GetString(2),
                LastRunId = reader.GetString(3),
                LastWrittenAt = reader.GetTimestamp(4),
                DataUpdatedAt = reader.GetNullableTimestamp(5),
                RowCount = reader.GetInt64(6),
                FreshnessSla = reader.IsDBNull(7) ? null : reader.GetFieldValue<TimeSpan>(7),
                SchemaVersion = reader.GetInt32(8),
                Columns = DatasetJson.ReadColumns(reader.GetString(9)),
                ColumnValues = DatasetJson.ReadValues(reader.GetString(10)),
                BreachedSince = reader.GetNullableTimestamp(11),
            });
        }

        return datasets;
    }

    private static void AddEvent(NpgsqlParameterCollection p, QualityEvent e)
    {
        p.AddText("kind", e.Kind);
        p.AddText("severity", e.Severity);
        p.AddText("dataset", e.Dataset);
        p.AddText("dag_id", e.DagId);
        p.AddText("run_id", e.RunId);
        p.AddText("task_id", e.TaskId);
        p.Add(new NpgsqlParameter("try_number", NpgsqlDbType.Integer) { Value = (object?)e.TryNumber ?? DBNull.Value });
        p.AddText("message", e.Message);
        p.AddText("before", e.Before);
        p.AddText("after", e.After);
        p.AddTimestamp("at", e.At);
    }

    private NpgsqlBatchCommand BatchCommand(string template, Action<NpgsqlParameterCollection> parameters)
    {
        var command = new NpgsqlBatchCommand(Sql(template));
        parameters(command.Parameters);
        return command;
    }
}
