using DataEngineer.Core.Storage;
using Npgsql;

namespace DataEngineer.Postgres.Metadata;

public sealed partial class PostgresMetadataStore
{
    // The active runs of the DAGs with a deadline (dag_runs_active_by_dag_idx), past it and not yet recorded: one statement,
    // exactly once per run across schedulers (the primary key), returning what this call recorded.
    private const string RecordMisses = """
        INSERT INTO {schema}.deadline_misses (dag_id, run_id, deadline_at, missed_at)
        SELECT r.dag_id, r.run_id, r.data_interval_end + d.deadline, @now
        FROM {schema}.dag_runs r
        JOIN unnest(@dag_ids, @deadlines) AS d(dag_id, deadline) ON d.dag_id = r.dag_id
        WHERE r.state IN ('queued', 'running') AND r.data_interval_end + d.deadline <= @now
        ON CONFLICT (dag_id, run_id) DO NOTHING
        RETURNING dag_id, run_id, deadline_at, missed_at
        """;

    private const string SelectLateRuns = """
        SELECT m.dag_id, m.run_id, m.deadline_at, m.missed_at
        FROM {schema}.deadline_misses m
        JOIN {schema}.dag_runs r ON r.dag_id = m.dag_id AND r.run_id = m.run_id
        WHERE r.state IN ('queued', 'running')
        ORDER BY m.deadline_at, m.dag_id, m.run_id LIMIT @limit
        """;

    public async Task<IReadOnlyList<DeadlineMiss>> RecordDeadlineMissesAsync(IReadOnlyDictionary<string, TimeSpan> deadlines, DateTimeOffset now, CancellationToken ct = default)
    {
        if (deadlines.Count == 0)
        {
            return [];
        }

        await using var command = Command(RecordMisses);
        command.Parameters.AddTexts("dag_ids", deadlines.Keys);
        command.Parameters.AddValue("deadlines", deadlines.Values.ToArray());
        command.Parameters.AddTimestamp("now", now);
        return await ReadDeadlineMissesAsync(command, ct);
    }

    public async Task<DeadlineMiss?> GetDeadlineMissAsync(RunKey run, CancellationToken ct = default)
    {
        await using var command = Command("SELECT dag_id, run_id, deadline_at, missed_at FROM {schema}.deadline_misses WHERE dag_id = @dag_id AND run_id = @run_id");
        command.Parameters.AddText("dag_id", run.DagId);
        command.Parameters.AddText("run_id", run.RunId);
        return (await ReadDeadlineMissesAsync(command, ct)).SingleOrDefault();
    }

    public async Task<IReadOnlyList<DeadlineMiss>> ListLateRunsAsync(int limit, CancellationToken ct = default)
    {
        await using var command = Command(SelectLateRuns);
        command.Parameters.AddValue("limit", limit);
        return await ReadDeadlineMissesAsync(command, ct);
    }

    private static async Task<IReadOnlyList<DeadlineMiss>> ReadDeadlineMissesAsync(NpgsqlCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        var misses = new List<DeadlineMiss>();
        while (await reader.ReadAsync(ct))
        {
            misses.Add(new DeadlineMiss(reader.GetString(0), reader.GetString(1), reader.GetTimestamp(2), reader.GetTimestamp(3)));
        }

        return misses;
    }
}
