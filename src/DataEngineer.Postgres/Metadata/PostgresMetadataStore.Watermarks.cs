using DataEngineer.Core.Storage;
using Npgsql;

namespace DataEngineer.Postgres.Metadata;

public sealed partial class PostgresMetadataStore
{
    private const string SelectWatermarks = "SELECT dag_id, task_id, source, value, run_id, updated_at FROM {schema}.watermarks";

    private const string DeleteWatermarks = """
        DELETE FROM {schema}.watermarks
        WHERE dag_id = @dag_id AND (@task_id::text IS NULL OR task_id = @task_id) AND (@source::text IS NULL OR source = @source)
        """;

    public async Task<Watermark?> GetWatermarkAsync(string dagId, string taskId, string source, CancellationToken ct = default)
    {
        await using var command = Command(SelectWatermarks + " WHERE dag_id = @dag_id AND task_id = @task_id AND source = @source");
        command.Parameters.AddText("dag_id", dagId);
        command.Parameters.AddText("task_id", taskId);
        command.Parameters.AddText("source", source);
        return (await ReadWatermarksAsync(command, ct)).SingleOrDefault();
    }

    public async Task<IReadOnlyList<Watermark>> ListWatermarksAsync(string dagId, CancellationToken ct = default)
    {
        await using var command = Command(SelectWatermarks + " WHERE dag_id = @dag_id ORDER BY task_id, source");
        command.Parameters.AddText("dag_id", dagId);
        return await ReadWatermarksAsync(command, ct);
    }

    public async Task<int> ResetWatermarksAsync(string dagId, string? taskId, string? source, CancellationToken ct = default)
    {
        await using var command = Command(DeleteWatermarks);
        command.Parameters.AddText("dag_id", dagId);
        command.Parameters.AddText("task_id", taskId);
        command.Parameters.AddText("source", source);
        return await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<IReadOnlyList<Watermark>> ReadWatermarksAsync(NpgsqlCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        var marks = new List<Watermark>();
        while (await reader.ReadAsync(ct))
        {
            marks.Add(new Watermark(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetTimestamp(5)));
        }

        return marks;
    }
}
