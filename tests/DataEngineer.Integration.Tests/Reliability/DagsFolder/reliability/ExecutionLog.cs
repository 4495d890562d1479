using DataEngineer.Sdk;
using Npgsql;

namespace Reliability;

/// <summary>
/// The task body's own record of each execution, written from inside the body (not by the engine): a row when it
/// starts and its end time when it finishes, with the process that ran it. The reliability test checks from these
/// rows that no two executions of one task instance ever overlapped.
/// </summary>
public static class ExecutionLog
{
    public const string Table = "reliability_executions";

    public static async Task RunAsync(TaskContext ctx, int milliseconds, bool failFirstTry)
    {
        var connection = ctx.GetConnectionString("Warehouse");
        long id;
        await using (var db = new NpgsqlConnection(connection))
        {
            await db.OpenAsync(ctx.CancellationToken);
            await using var insert = new NpgsqlCommand(
                $"INSERT INTO {Table} (dag_id, run_id, task_id, try_number, pid, started_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id", db);
            insert.Parameters.Add(new NpgsqlParameter { Value = ctx.DagId });
            insert.Parameters.Add(new NpgsqlParameter { Value = ctx.RunId });
            insert.Parameters.Add(new NpgsqlParameter { Value = ctx.TaskId });
            insert.Parameters.Add(new NpgsqlParameter { Value = ctx.TryNumber });
            insert.Parameters.Add(new NpgsqlParameter { Value = Environment.ProcessId });
            insert.Parameters.Add(new NpgsqlParameter { Value = DateTimeOffset.UtcNow });
            id = (long)(await insert.ExecuteScalarAsync(ctx.CancellationToken))!;
        }

        var outcome = "success";
        try
        {
            await Task.Delay(milliseconds, ctx.CancellationToken);
            if (failFirstTry && ctx.TryNumber == 1)
            {
                outcome = "failed";
                throw new InvalidOperationException("deliberate failure on the first try");
            }
        }
        catch (OperationCanceledException)
        {
            outcome = "cancelled";
            throw;
        }
        finally
        {
            await RecordEndAsync(connection, id, outcome, DateTimeOffset.UtcNow);
        }
    }

    // The end is taken when the body stops; writing it is retried through a database restart.
    private static async Task RecordEndAsync(string connection, long id, string outcome, DateTimeOffset endedAt)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                await using var db = new NpgsqlConnection(connection);
                await db.OpenAsync();
                await using var update = new NpgsqlCommand($"UPDATE {Table} SET ended_at = $1, outcome = $2 WHERE id = $3", db);
                update.Parameters.Add(new NpgsqlParameter { Value = endedAt });
                update.Parameters.Add(new NpgsqlParameter { Value = outcome });
                update.Parameters.Add(new NpgsqlParameter { Value = id });
                await update.ExecuteNonQueryAsync();
                return;
            }
            catch (NpgsqlException) when (DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(250);
            }
        }
    }
}
