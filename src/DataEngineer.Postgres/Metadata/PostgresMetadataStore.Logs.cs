using DataEngineer.Core.Storage;
using Npgsql;

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

    private const string TryLines = "dag_id = @dag_id AND run_id = @run_id AND task_id = @task_id AND try_number = @try_number";

    // A position is the line's rank in id order; the try's index walks the lines in that order.
    private const string ReviseLog = $$"""
        UPDATE {schema}.task_logs AS l SET message = r.message
        FROM (SELECT id, (row_number() OVER (ORDER BY id) - 1)::integer AS position FROM {schema}.task_logs WHERE {{TryLines}}) AS p
        JOIN unnest(@position, @message) AS r (position, message) ON r.position = p.position
        WHERE l.id = p.id
        """;

    private const string SelectLog = $$"""
        SELECT at, level, message FROM {schema}.task_logs
        WHERE {{TryLines}}
        ORDER BY id
        OFFSET @from
        """;

    private const string SelectLogTail = $$"""
        SELECT at, level, message FROM (
            SELECT id, at, level, message FROM {schema}.task_logs WHERE {{TryLines}} ORDER BY id DESC LIMIT @count
        ) AS tail
        ORDER BY id
        """;

    public async Task AppendLogAsync(RunKey key, string taskId, int tryNumber, IReadOnlyList<TaskLogLine> lines, CancellationToken ct = default)
    {
        if (lines.Count > 0)
        {
            await ExecuteAsync(LogAppend(new TaskTryKey(key.DagId, key.RunId, taskId, tryNumber), lines), ct);
        }
    }

    public async Task ReviseLogAsync(RunKey key, string taskId, int tryNumber, IReadOnlyList<TaskLogRevision> revisions, CancellationToken ct = default)
    {
        if (revisions.Count > 0)
        {
            await ExecuteAsync(LogRevision(new TaskTryKey(key.DagId, key.RunId, taskId, tryNumber), revisions), ct);
        }
    }

    /// <summary>The statements that store a try's tail (<see cref="TryTail"/>), revisions before the new lines.</summary>
    private IEnumerable<NpgsqlBatchCommand> TailCommands(TryTail tail)
    {
        if (tail.Revisions.Count > 0)
        {
            yield return LogRevision(tail.Try, tail.Revisions);
        }

        if (tail.Lines.Count > 0)
        {
            yield return LogAppend(tail.Try, tail.Lines);
        }

        if (tail.Trace is { } trace)
        {
            yield return TraceUpdate(tail.Try, trace);
        }
    }

    private NpgsqlBatchCommand LogAppend(TaskTryKey key, IReadOnlyList<TaskLogLine> lines)
    {
        var command = TryCommand(InsertLog, key);
        command.Parameters.AddTimestamps("at", lines.Select(l => (DateTimeOffset?)l.At));
        command.Parameters.AddTexts("level", lines.Select(l => l.Level));
        command.Parameters.AddTexts("message", lines.Select(l => StorableText(l.Message)));
        return command;
    }

    private NpgsqlBatchCommand LogRevision(TaskTryKey key, IReadOnlyList<TaskLogRevision> revisions)
    {
        var command = TryCommand(ReviseLog, key);
        command.Parameters.AddValue("position", revisions.Select(r => r.Position).ToArray());
        command.Parameters.AddTexts("message", revisions.Select(r => StorableText(r.Message)));
        return command;
    }

    private NpgsqlBatchCommand TryCommand(string template, TaskTryKey key)
    {
        var command = new NpgsqlBatchCommand(Sql(template));
        command.Parameters.AddText("dag_id", key.DagId);
        command.Parameters.AddText("run_id", key.RunId);
        command.Parameters.AddText("task_id", key.TaskId);
        command.Parameters.AddValue("try_number", key.TryNumber);
        return command;
    }

    private async Task ExecuteAsync(NpgsqlBatchCommand command, CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(command);
        await batch.ExecuteNonQueryAsync(ct);
    }

    public Task<IReadOnlyList<TaskLogLine>> GetLogAsync(RunKey key, string taskId, int tryNumber, CancellationToken ct = default) =>
        GetLogAsync(key, taskId, tryNumber, 0, ct);

    public async Task<IReadOnlyList<TaskLogLine>> GetLogAsync(RunKey key, string taskId, int tryNumber, int from, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        await using var command = LogCommand(SelectLog, key, taskId, tryNumber);
        command.Parameters.AddValue("from", (long)from);
        return await ReadLinesAsync(command, ct);
    }

    public async Task<IReadOnlyList<TaskLogLine>> GetLogTailAsync(RunKey key, string taskId, int tryNumber, int count, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        await using var command = LogCommand(SelectLogTail, key, taskId, tryNumber);
        command.Parameters.AddValue("count", (long)count);
        return await ReadLinesAsync(command, ct);
    }

    // PostgreSQL text cannot hold NUL, and a task's output can.
    private static string StorableText(string message) => message.Replace('\0', '\uFFFD');

    private NpgsqlCommand LogCommand(string template, RunKey key, string taskId, int tryNumber)
    {
        var command = Command(template);
        command.Parameters.AddText("dag_id", key.DagId);
        command.Parameters.AddText("run_id", key.RunId);
        command.Parameters.AddText("task_id", taskId);
        command.Parameters.AddValue("try_number", tryNumber);
        return command;
    }

    private static async Task<IReadOnlyList<TaskLogLine>> ReadLinesAsync(NpgsqlCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        var lines = new List<TaskLogLine>();
        while (await reader.ReadAsync(ct))
        {
            lines.Add(new TaskLogLine(reader.GetTimestamp(0), reader.GetString(1), reader.GetString(2)));
        }

        return lines;
    }
}
