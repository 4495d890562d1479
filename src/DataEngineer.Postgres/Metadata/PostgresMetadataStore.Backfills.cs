using DataEngineer.Core.Execution;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using Npgsql;
using NpgsqlTypes;

namespace DataEngineer.Postgres.Metadata;

public sealed partial class PostgresMetadataStore
{
    private const string InsertBackfill = """
        INSERT INTO {schema}.backfills (dag_id, from_date, to_date, reprocess, max_active_runs, intervals, state, created_by, created_at, updated_at)
        VALUES (@dag_id, @from_date, @to_date, @reprocess, @max_active_runs, @intervals, @state, @created_by, @created_at, @updated_at)
        RETURNING id
        """;

    // Each backfill with its linked runs counted by state, in one statement.
    private const string SelectBackfills = """
        SELECT b.id, b.dag_id, b.from_date, b.to_date, b.reprocess, b.max_active_runs, b.intervals, b.state, b.created_by, b.created_at, b.updated_at,
            count(r.run_id)::int, (count(*) FILTER (WHERE r.state IN ('queued', 'running')))::int,
            (count(*) FILTER (WHERE r.state = 'success'))::int, (count(*) FILTER (WHERE r.state = 'failed'))::int
        FROM {schema}.backfills b
            LEFT JOIN {schema}.backfill_runs l ON l.backfill_id = b.id
            LEFT JOIN {schema}.dag_runs r ON r.dag_id = l.dag_id AND r.run_id = l.run_id
        WHERE (@id IS NULL OR b.id = @id) AND (@dag_id IS NULL OR b.dag_id = @dag_id)
        GROUP BY b.id
        ORDER BY b.id DESC
        LIMIT @limit
        """;

    private const string UpdateBackfillState = """
        UPDATE {schema}.backfills SET state = @to, updated_at = @at WHERE id = @id AND state = ANY (@from)
        """;

    // The share lock makes a concurrent pause or cancel wait until this run is created (and so seen by it), or this wait for it.
    private const string LockRunningBackfill = "SELECT id FROM {schema}.backfills WHERE id = @id AND state = 'running' FOR SHARE";

    private const string InsertBackfillRun = """
        INSERT INTO {schema}.backfill_runs (backfill_id, logical_date, dag_id, run_id) VALUES (@backfill_id, @logical_date, @link_dag_id, @link_run_id)
        ON CONFLICT DO NOTHING
        """;

    private const string SelectBackfillRuns = $$"""
        SELECT {{DagRunRow.Columns}}
        FROM {schema}.backfill_runs l JOIN {schema}.dag_runs r ON r.dag_id = l.dag_id AND r.run_id = l.run_id
        WHERE l.backfill_id = @id
        ORDER BY l.logical_date
        """;

    public async Task<BackfillRecord> CreateBackfillAsync(BackfillRecord backfill, CancellationToken ct = default)
    {
        await using var command = Command(InsertBackfill);
        command.Parameters.AddText("dag_id", backfill.DagId);
        command.Parameters.AddTimestamp("from_date", backfill.From);
        command.Parameters.AddTimestamp("to_date", backfill.To);
        command.Parameters.AddText("reprocess", ReprocessName(backfill.Reprocess));
        command.Parameters.AddValue("max_active_runs", backfill.MaxActiveRuns);
        command.Parameters.AddValue("intervals", backfill.Intervals);
        command.Parameters.AddText("state", StateNames.Of(backfill.State));
        command.Parameters.AddText("created_by", backfill.CreatedBy);
        command.Parameters.AddTimestamp("created_at", backfill.CreatedAt);
        command.Parameters.AddTimestamp("updated_at", backfill.UpdatedAt);
        var id = (long)(await command.ExecuteScalarAsync(ct))!;
        return backfill with { Id = id, Progress = BackfillProgress.None };
    }

    public async Task<BackfillRecord?> GetBackfillAsync(long id, CancellationToken ct = default) =>
        (await ReadBackfillsAsync(id, null, 1, ct)).SingleOrDefault();

    public Task<IReadOnlyList<BackfillRecord>> ListBackfillsAsync(string? dagId, int limit = 100, CancellationToken ct = default) =>
        ReadBackfillsAsync(null, dagId, limit, ct);

    public async Task<bool> SetBackfillStateAsync(long id, IReadOnlyCollection<BackfillState> from, BackfillState to, DateTimeOffset at, CancellationToken ct = default)
    {
        await using var command = Command(UpdateBackfillState);
        command.Parameters.AddValue("id", id);
        command.Parameters.AddTexts("from", from.Select(StateNames.Of));
        command.Parameters.AddText("to", StateNames.Of(to));
        command.Parameters.AddTimestamp("at", at);
        return await command.ExecuteNonQueryAsync(ct) > 0;
    }

    public async Task<bool> CreateBackfillRunAsync(long id, DagRun run, IReadOnlyList<TaskInstance> tasks, CancellationToken ct = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (!await LockRunningBackfillAsync(connection, transaction, id, ct))
        {
            return false;
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        AddCreateRun(batch, run, tasks);
        batch.BatchCommands.Add(LinkCommand(id, run));
        await ExecuteCreateRunAsync(batch, run, ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    public async Task<bool> LinkBackfillRunAsync(long id, DagRun run, CancellationToken ct = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (!await LockRunningBackfillAsync(connection, transaction, id, ct))
        {
            return false;
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(LinkCommand(id, run));
        await batch.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    public async Task<IReadOnlyList<DagRun>> ListBackfillRunsAsync(long id, CancellationToken ct = default)
    {
        await using var command = Command(SelectBackfillRuns);
        command.Parameters.AddValue("id", id);
        return await ReadRunsAsync(command, ct);
    }

    private async Task<bool> LockRunningBackfillAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long id, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(Sql(LockRunningBackfill), connection, transaction);
        command.Parameters.AddValue("id", id);
        return await command.ExecuteScalarAsync(ct) is not null;
    }

    private NpgsqlBatchCommand LinkCommand(long id, DagRun run)
    {
        var link = new NpgsqlBatchCommand(Sql(InsertBackfillRun));
        link.Parameters.AddValue("backfill_id", id);
        link.Parameters.AddTimestamp("logical_date", run.LogicalDate);
        link.Parameters.AddText("link_dag_id", run.DagId);
        link.Parameters.AddText("link_run_id", run.RunId);
        return link;
    }

    private async Task<IReadOnlyList<BackfillRecord>> ReadBackfillsAsync(long? id, string? dagId, int limit, CancellationToken ct)
    {
        await using var command = Command(SelectBackfills);
        command.Parameters.Add(new NpgsqlParameter("id", NpgsqlDbType.Bigint) { Value = (object?)id ?? DBNull.Value });
        command.Parameters.AddText("dag_id", dagId);
        command.Parameters.AddValue("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var backfills = new List<BackfillRecord>();
        while (await reader.ReadAsync(ct))
        {
            backfills.Add(new BackfillRecord
            {
                Id = reader.GetInt64(0),
                DagId = reader.GetString(1),
                From = reader.GetTimestamp(2),
                To = reader.GetTimestamp(3),
                Reprocess = Enum.Parse<Reprocess>(reader.GetString(4), ignoreCase: true),
                MaxActiveRuns = reader.GetInt32(5),
                Intervals = reader.GetInt32(6),
                State = StateNames.ParseBackfillState(reader.GetString(7)),
                CreatedBy = reader.GetString(8),
                CreatedAt = reader.GetTimestamp(9),
                UpdatedAt = reader.GetTimestamp(10),
                Progress = new BackfillProgress(reader.GetInt32(11), reader.GetInt32(12), reader.GetInt32(13), reader.GetInt32(14)),
            });
        }

        return backfills;
    }

    private static string ReprocessName(Reprocess reprocess) => reprocess.ToString().ToLowerInvariant();
}
