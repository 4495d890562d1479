using Microsoft.Extensions.Logging;
using Npgsql;

namespace DataEngineer.Sdk.Postgres;

/// <summary>
/// The SQL poke for <see cref="DagBuilder.Sensor"/>: met when a query's first row has a truthy first column, with the run's
/// values bound as a SQL task binds them (<c>@logical_date</c>, <c>@data_interval_end</c>, the DAG's params, ...; see
/// <see cref="SqlTasks"/>).
/// </summary>
/// <example><code>
/// dag.Sensor("wait_for_batch", SqlSensors.RowExists("SELECT done FROM staging.batches WHERE day = @logical_date::date"),
///     new SensorOptions { PokeInterval = TimeSpan.FromMinutes(2) });
/// </code></example>
public static class SqlSensors
{
    /// <summary>
    /// Met when <paramref name="sql"/> returns a row whose first column is truthy: true, a number other than 0, a
    /// non-empty string other than <c>false</c>/<c>0</c>, or any other non-null value. No row or a null is not met.
    /// A SQL error fails the poke (a failed try, retried as the task's options say).
    /// </summary>
    /// <param name="sql">One query, read-only by intent (it runs in its own transaction, rolled back).</param>
    /// <param name="sqlOptions">Connection name and extra parameters (default: the <c>Warehouse</c> connection).</param>
    /// <exception cref="ArgumentException">The query is empty.</exception>
    public static Func<TaskContext, Task<bool>> RowExists(string sql, SqlTaskOptions? sqlOptions = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        var options = sqlOptions ?? new SqlTaskOptions();
        return async ctx =>
        {
            var ct = ctx.CancellationToken;
            await using var connection = new NpgsqlConnection(ctx.GetConnectionString(options.Connection));
            await connection.OpenAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            foreach (var (name, value) in SqlTasks.Parameters(ctx, options).Where(p => sql.Contains("@" + p.Key, StringComparison.OrdinalIgnoreCase)))
            {
                command.Parameters.AddWithValue(name, value ?? DBNull.Value);
            }

            object? first;
            try
            {
                first = await command.ExecuteScalarAsync(ct);
            }
            catch (PostgresException e)
            {
                throw new SqlTaskException($"SQL sensor {ctx.TaskId} failed: {SqlErrorText.Of(e, sql, null)}", e);
            }

            var met = Truthy(first);
            ctx.Logger.LogInformation("{Poke}", $"SQL sensor {ctx.TaskId}: the query returned {(first is null or DBNull ? "no value" : first.ToString())}: {(met ? "met" : "not yet")}.");
            return met;
        };
    }

    private static bool Truthy(object? value) => value switch
    {
        null or DBNull => false,
        bool b => b,
        string s => s.Length > 0 && !s.Equals("false", StringComparison.OrdinalIgnoreCase) && s != "0",
        IConvertible number when value is sbyte or byte or short or int or long or decimal or float or double => number.ToDouble(null) != 0,
        _ => true,
    };
}
