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
}
