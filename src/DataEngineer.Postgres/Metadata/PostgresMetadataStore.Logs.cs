using DataEngineer.Core.Storage;

namespace DataEngineer.Postgres.Metadata;

public sealed partial class PostgresMetadataStore
{
    // WITH ORDINALITY ... ORDER BY: identity values follow the lines' order, which is the order reads return.
    private const string InsertLog = """
        INSERT INTO {schema}.task_logs (dag_id, run_id, task_id, try_number, at, level, message)
        SELECT @dag_id, @run_id, @task_id, @try_number, u.at, u.level, u.message
        FROM unnest(@at, @level, @message) WITH ORDINALITY AS u (at, level, message, position)
        ORDER BY u.position
        """;

    private const string SelectLog = """
        SELECT at, level, message FROM {schema}.task_logs
        WHERE dag_id = @dag_id AND run_id = @run_id AND task_id = @task_id AND try_number = @try_number
        ORDER BY id
        """;

    public async Task AppendLogAsync(RunKey key, string taskId, int tryNumber, IReadOnlyList<TaskLogLine> lines, CancellationToken ct = default)
    {
        if (lines.Count == 0)
        {
            return;
        }

        await using var command = Command(InsertLog);
        command.Parameters.AddText("dag_id", key.DagId);
        command.Parameters.AddText("run_id", key.RunId);
        command.Parameters.AddText("task_id", taskId);
        command.Parameters.AddValue("try_number", tryNumber);
        command.Parameters.AddTimestamps("at", lines.Select(l => (DateTimeOffset?)l.At));
        command.Parameters.AddTexts("level", lines.Select(l => l.Level));
        // PostgreSQL text cannot hold NUL, and a task's output can.
        command.Parameters.AddTexts("message", lines.Select(l => l.Message.Replace('\0', '\uFFFD')));
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyList<TaskLogLine>> GetLogAsync(RunKey key, string taskId, int tryNumber, CancellationToken ct = default)
    {
        await using var command = Command(SelectLog);
        command.Parameters.AddText("dag_id", key.DagId);
        command.Parameters.AddText("run_id", key.RunId);
        command.Parameters.AddText("task_id", taskId);
        command.Parameters.AddValue("try_number", tryNumber);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var lines = new List<TaskLogLine>();
        while (await reader.ReadAsync(ct))
        {
            lines.Add(new TaskLogLine(reader.GetTimestamp(0), reader.GetString(1), reader.GetString(2)));
        }

        return lines;
    }
}
