using DataEngineer.Core.Storage;
using Npgsql;

namespace DataEngineer.Postgres.Metadata;

public sealed partial class PostgresMetadataStore
{
    private const string UpsertXCom = """
        INSERT INTO {schema}.xcom (dag_id, run_id, task_id, key, value) VALUES (@dag_id, @run_id, @task_id, @key, @value)
        ON CONFLICT (dag_id, run_id, task_id, key) DO UPDATE SET value = excluded.value
        """;

    private const string SelectXCom = """
        SELECT value FROM {schema}.xcom WHERE dag_id = @dag_id AND run_id = @run_id AND task_id = @task_id AND key = @key
        """;

    // One probe of the primary key per task, however many values the run holds (RunTasksByKey says why the run's key
    // comes in through the join).
    private const string SelectXComs = """
        SELECT x.task_id, x.value::text FROM unnest(@dag_ids, @run_ids, @task_ids) AS k(dag_id, run_id, task_id)
        JOIN {schema}.xcom x ON x.dag_id = k.dag_id AND x.run_id = k.run_id AND x.task_id = k.task_id AND x.key = @key
        """;

    public async Task SetXComAsync(XComEntry entry, CancellationToken ct = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(XComUpsert(entry));
        await batch.ExecuteNonQueryAsync(ct);
    }

    private NpgsqlBatchCommand XComUpsert(XComEntry entry)
    {
        var command = new NpgsqlBatchCommand(Sql(UpsertXCom));
        command.Parameters.AddText("dag_id", entry.DagId);
        command.Parameters.AddText("run_id", entry.RunId);
        command.Parameters.AddText("task_id", entry.TaskId);
        command.Parameters.AddText("key", entry.Key);
        command.Parameters.AddJson("value", entry.Json);
        return command;
    }

    public async Task<XComEntry?> GetXComAsync(RunKey key, string taskId, string xcomKey, CancellationToken ct = default)
    {
        await using var command = Command(SelectXCom);
        command.Parameters.AddText("dag_id", key.DagId);
        command.Parameters.AddText("run_id", key.RunId);
        command.Parameters.AddText("task_id", taskId);
        command.Parameters.AddText("key", xcomKey);
        // jsonb comes back as its normalised text, which parses to the same value.
        return await command.ExecuteScalarAsync(ct) is string json ? new XComEntry(key.DagId, key.RunId, taskId, xcomKey, json) : null;
    }

    public async Task<IReadOnlyList<XComEntry>> GetXComsAsync(RunKey key, IReadOnlyList<string> taskIds, string xcomKey, CancellationToken ct = default)
    {
        await using var command = Command(SelectXComs);
        command.Parameters.AddRunTasks(key, taskIds);
        command.Parameters.AddText("key", xcomKey);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var entries = new List<XComEntry>(taskIds.Count);
        while (await reader.ReadAsync(ct))
        {
            entries.Add(new XComEntry(key.DagId, key.RunId, reader.GetString(0), xcomKey, reader.GetString(1)));
        }

        return entries;
    }
}
