using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using Npgsql;

namespace DataEngineer.Postgres.Metadata;

/// <summary>How a <see cref="TaskTry"/> maps to a task_tries row (aliased <c>tt</c>).</summary>
internal static class TaskTryRow
{
    public const string Columns = """
        tt.dag_id, tt.run_id, tt.task_id, tt.try_number, tt.state, tt.started_at, tt.ended_at, tt.hostname, tt.queue, tt.error,
        tt.rows_read, tt.rows_written, tt.rows_rejected
        """;

    private const string UpsertSql = """
        INSERT INTO {schema}.task_tries AS tt (
            dag_id, run_id, task_id, try_number, state, started_at, ended_at, hostname, queue, error, rows_read, rows_written, rows_rejected)
        SELECT @dag_id, @run_id, u.*
        FROM unnest(
            @task_id, @try_number, @state, @started_at, @ended_at, @hostname, @queue, @error, @rows_read, @rows_written, @rows_rejected) AS u
        ON CONFLICT (dag_id, run_id, task_id, try_number) DO UPDATE SET
            state = excluded.state, started_at = excluded.started_at, ended_at = excluded.ended_at, hostname = excluded.hostname,
            queue = excluded.queue, error = excluded.error, rows_read = excluded.rows_read, rows_written = excluded.rows_written,
            rows_rejected = excluded.rows_rejected
        """;

    public static TaskTry Read(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetInt32(3),
        StateNames.ParseTaskState(reader.GetString(4)),
        reader.GetNullableTimestamp(5),
        reader.GetNullableTimestamp(6),
        reader.GetNullableString(7),
        reader.GetString(8),
        reader.GetNullableString(9),
        reader.GetInt64(10),
        reader.GetInt64(11),
        reader.GetInt64(12));

    /// <summary>Inserts or replaces the try records of the run <paramref name="key"/>.</summary>
    public static NpgsqlBatchCommand Upsert(string quotedSchema, RunKey key, IReadOnlyList<TaskTry> tries)
    {
        var command = new NpgsqlBatchCommand(SchemaName.Substitute(UpsertSql, quotedSchema));
        var parameters = command.Parameters;
        parameters.AddText("dag_id", key.DagId);
        parameters.AddText("run_id", key.RunId);
        parameters.AddTexts("task_id", tries.Select(t => t.TaskId));
        parameters.AddValue("try_number", tries.Select(t => t.TryNumber).ToArray());
        parameters.AddTexts("state", tries.Select(t => StateNames.Of(t.State)));
        parameters.AddTimestamps("started_at", tries.Select(t => t.StartedAt));
        parameters.AddTimestamps("ended_at", tries.Select(t => t.EndedAt));
        parameters.AddTexts("hostname", tries.Select(t => t.Hostname));
        parameters.AddTexts("queue", tries.Select(t => t.Queue));
        parameters.AddTexts("error", tries.Select(t => t.Error));
        parameters.AddValue("rows_read", tries.Select(t => t.RowsRead).ToArray());
        parameters.AddValue("rows_written", tries.Select(t => t.RowsWritten).ToArray());
        parameters.AddValue("rows_rejected", tries.Select(t => t.RowsRejected).ToArray());
        return command;
    }
}
