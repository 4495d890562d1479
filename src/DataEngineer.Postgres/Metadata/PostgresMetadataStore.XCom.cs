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

    private const string SelectXComs = """
        SELECT task_id, value::text FROM {schema}.xcom WHERE dag_id = @dag_id AND run_id = @run_id AND key = @key AND task_id = ANY(@task_ids)
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
        command.Parameters.AddText("dag_id", key.DagId);
        command.Parameters.AddText("run_id", key.RunId);
        command.Parameters.AddText("key", xcomKey);
        command.Parameters.AddTexts("task_ids", taskIds);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var entries = new List<XComEntry>(taskIds.Count);
        while (await reader.ReadAsync(ct))
        {
            entries.Add(new XComEntry(key.DagId, key.RunId, reader.GetString(0), xcomKey, reader.GetString(1)));
        }

        return entries;
    }
}
