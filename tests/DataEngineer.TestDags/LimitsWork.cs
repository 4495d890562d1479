using DataEngineer.Sdk;
using Npgsql;

namespace DataEngineer.TestDags;

/// <summary>
/// The limits DAGs' task body: it records its execution in <see cref="Table"/> (start and end on the database's clock,
/// through its own connection, inside the try's running time), runs for a duration the run's seed and the try decide,
/// and fails a seeded share of first tries on purpose. Even-numbered tasks draw from <see cref="Pool"/>.
/// </summary>
public static class LimitsWork
{
    public const string Table = "limits_executions";

    /// <summary>The pool the property test gives <see cref="PoolSlots"/> slots.</summary>
    public const string Pool = "it_limits";

    public const int PoolSlots = 2;

    /// <summary>Retries enough to outlive deliberate failures and repeated worker kills.</summary>
    public static TaskOptions Options(int index) => new() { Retries = 8, RetryDelay = TimeSpan.Zero, Pool = index % 2 == 0 ? Pool : null };

    public static async Task RunAsync(TaskContext ctx)
    {
        var random = new Random(StableHash($"{ctx.Params<LimitsParams>().Seed}/{ctx.RunId}/{ctx.TaskId}/{ctx.TryNumber}"));
        var duration = TimeSpan.FromMilliseconds(random.Next(100, 1200));
        var fails = ctx.TryNumber == 1 && random.Next(100) < 15;
        var connection = ctx.GetConnectionString("Warehouse");
        long id;
        await using (var db = new NpgsqlConnection(connection))
        {
            await db.OpenAsync(ctx.CancellationToken);
            await using var insert = new NpgsqlCommand(
                $"INSERT INTO {Table} (dag_id, run_id, task_id, try_number, pool, pid) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id", db);
            insert.Parameters.Add(new NpgsqlParameter { Value = ctx.DagId });
            insert.Parameters.Add(new NpgsqlParameter { Value = ctx.RunId });
            insert.Parameters.Add(new NpgsqlParameter { Value = ctx.TaskId });
            insert.Parameters.Add(new NpgsqlParameter { Value = ctx.TryNumber });
            insert.Parameters.Add(new NpgsqlParameter { Value = TaskPool(ctx.TaskId) });
            insert.Parameters.Add(new NpgsqlParameter { Value = Environment.ProcessId });
            id = (long)(await insert.ExecuteScalarAsync(ctx.CancellationToken))!;
        }

        try
        {
            await Task.Delay(duration, ctx.CancellationToken);
        }
        finally
        {
            // The end is written before the try's end is recorded, whatever the outcome.
            await using var db = new NpgsqlConnection(connection);
            await db.OpenAsync(CancellationToken.None);
            await using var update = new NpgsqlCommand($"UPDATE {Table} SET ended_at = clock_timestamp() WHERE id = $1", db);
            update.Parameters.Add(new NpgsqlParameter { Value = id });
            await update.ExecuteNonQueryAsync(CancellationToken.None);
        }

        if (fails)
        {
            throw new InvalidOperationException("deliberate first-try failure");
        }
    }

    /// <summary>The pool of task <c>t&lt;index&gt;</c>, as <see cref="Options"/> gives it.</summary>
    public static string TaskPool(string taskId) => int.Parse(taskId[1..], System.Globalization.CultureInfo.InvariantCulture) % 2 == 0 ? Pool : "default_pool";

    // string.GetHashCode differs per process; the seed must give every worker the same numbers (FNV-1a).
    private static int StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash & int.MaxValue);
    }
}
