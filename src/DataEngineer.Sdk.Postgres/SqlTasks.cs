using System.Text.Json;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DataEngineer.Sdk.Postgres;

/// <summary>
/// SQL tasks: a <c>.sql</c> file or a string run against a named connection in one transaction, with the run's values
/// bound as parameters (never spliced into the text), the affected rows reported as rows written and returned as the
/// task's value. Declare the tables it reads and writes in <see cref="TaskOptions.Reads"/> and <see cref="TaskOptions.Writes"/>
/// for lineage and dataset-scheduled DAGs; the data contracts of the datasets it writes are verified in its transaction
/// before it commits, and their writes are recorded (row count, freshness, schema) as <see cref="PostgresDatasets.RecordDatasetAsync"/>
/// does. Bound parameters:
/// <list type="bullet">
/// <item><c>@data_interval_start</c>, <c>@data_interval_end</c>, <c>@logical_date</c> (timestamptz, UTC)</item>
/// <item><c>@dag_id</c>, <c>@run_id</c>, <c>@task_id</c> (text), <c>@try_number</c> (integer)</item>
/// <item>each property of the DAG's typed params, by its snake_case name (<c>MinAmount</c> -> <c>@min_amount</c>)</item>
/// <item>each entry of <see cref="SqlTaskOptions.Parameters"/></item>
/// </list>
/// </summary>
/// <example><code>
/// dag.SqlTask("build_daily_sales", SqlScript.File("sql/daily_sales.sql"),
///     new SqlTaskOptions { Connection = "Warehouse" },
///     new TaskOptions { Reads = [Orders], Writes = [DailySales] });
/// </code></example>
public static class SqlTasks
{
    private const string ExplainPrefix = "EXPLAIN (FORMAT JSON) ";
    private static readonly string[] RunValues = ["data_interval_start", "data_interval_end", "logical_date", "dag_id", "run_id", "task_id", "try_number"];

    /// <summary>Adds a task that runs <paramref name="sql"/>; its value is the number of rows the statements affected.</summary>
    /// <param name="dag">The DAG being defined.</param>
    /// <param name="id">The task id.</param>
    /// <param name="sql">The SQL: <see cref="SqlScript.File"/> or <see cref="SqlScript.Text"/>.</param>
    /// <param name="sqlOptions">Connection name and extra parameters (default: the <c>Warehouse</c> connection).</param>
    /// <param name="options">The task's options: retries, Reads/Writes, ...</param>
    public static TaskRef<long> SqlTask(this DagBuilder dag, string id, SqlScript sql, SqlTaskOptions? sqlOptions = null, TaskOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dag);
        ArgumentNullException.ThrowIfNull(sql);
        var writes = options?.Writes ?? [];
        return dag.Task(id, ctx => ctx.RunSqlAsync(sql, sqlOptions, writes), options);
    }

    /// <summary>Runs <paramref name="sql"/> as a SQL task does, from inside any task; returns the rows affected.</summary>
    /// <param name="context">The task's context.</param>
    /// <param name="sql">The SQL: <see cref="SqlScript.File"/> or <see cref="SqlScript.Text"/>.</param>
    /// <param name="sqlOptions">Connection name and extra parameters (default: the <c>Warehouse</c> connection).</param>
    /// <param name="writes">
    /// Datasets the SQL writes (a SQL task passes its <see cref="TaskOptions.Writes"/>): those with a <see cref="Dataset.Contract"/>
    /// are verified in the transaction, after the statements and before committing, and each one's write is recorded
    /// (row count, freshness, schema, and the rows all the statements affected as its rows written; see
    /// <see cref="PostgresDatasets.RecordDatasetAsync"/>).
    /// </param>
    /// <exception cref="SqlTaskException">PostgreSQL refused the SQL; nothing was committed.</exception>
    /// <exception cref="TaskFailedException">The SQL file is missing (no retry helps), or the SQL broke a data contract; nothing was committed.</exception>
    public static async Task<long> RunSqlAsync(this TaskContext context, SqlScript sql, SqlTaskOptions? sqlOptions = null, IReadOnlyList<Dataset>? writes = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(sql);
        var options = sqlOptions ?? new SqlTaskOptions();
        var ct = context.CancellationToken;
        string text;
        try
        {
            text = await sql.ReadAsync(ct);
        }
        catch (FileNotFoundException e)
        {
            context.Fail($"SQL task {context.TaskId}: {e.Message}");
            throw;
        }

        // The failed statement (or its EXPLAIN) tells which line of the script an error points at.
        var connectionString = new NpgsqlConnectionStringBuilder(context.GetConnectionString(options.Connection)) { IncludeFailedBatchedCommand = true };
        await using var connection = new NpgsqlConnection(connectionString.ConnectionString);
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var statements = SqlStatements.Split(text);
        var parameters = Parameters(context, options);
        var deadline = options.CommandTimeout is { } timeout ? DateTimeOffset.UtcNow + timeout : (DateTimeOffset?)null;
        long affected = 0;
        var current = -1;
        try
        {
            // One statement at a time, each after its plan: the plan is the one it ran with, and its duration is its own.
            for (current = 0; current < statements.Count; current++)
            {
                affected += await RunStatementAsync(context, connection, transaction, sql.ToString(), current + 1, statements[current].Text, parameters, deadline, ct);
            }

            current = -1;
            foreach (var dataset in (writes ?? []).Where(d => d.Contract != ContractMode.None))
            {
                await context.VerifyContractAsync(connection, dataset, transaction);
            }

            foreach (var dataset in writes ?? [])
            {
                await context.RecordDatasetAsync(connection, dataset, affected, transaction);
            }

            await transaction.CommitAsync(ct);
        }
        catch (PostgresException e)
        {
            // A statement's error may come from its EXPLAIN, whose position counts the prefix too.
            var prefix = e.BatchCommand?.CommandText.StartsWith(ExplainPrefix, StringComparison.Ordinal) == true ? ExplainPrefix.Length : 0;
            throw new SqlTaskException(
                $"SQL task {context.TaskId} ({sql}) failed and was rolled back: {SqlErrorText.Of(e, text, current < 0 ? null : statements[current], prefix)}", e);
        }

        context.Rows.AddWritten(affected);
        context.Logger.LogInformation("SQL task {Task} ({Script}): {Rows} rows affected", context.TaskId, sql.ToString(), affected);
        return affected;
    }

    // EXPLAIN without ANALYZE: planning only, so a write never runs twice and nothing the statement calls runs early.
    private static async Task<long> RunStatementAsync(
        TaskContext context, NpgsqlConnection connection, NpgsqlTransaction transaction, string script, int ordinal, string statement,
        IReadOnlyDictionary<string, object?> parameters, DateTimeOffset? deadline, CancellationToken ct)
    {
        string? plan = null;
        if (ExplainableStatement.Is(statement))
        {
            await using var explain = Batch(connection, transaction, ExplainPrefix + statement, parameters, deadline);
            plan = (string?)await explain.ExecuteScalarAsync(ct);
        }

        await using var batch = Batch(connection, transaction, statement, parameters, deadline);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await batch.ExecuteNonQueryAsync(ct);
        var duration = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        var rows = Math.Max(0L, batch.BatchCommands[0].RecordsAffected);
        context.Data.RecordStatement(new StatementObservation { Script = script, Ordinal = ordinal, Sql = statement.Trim(), Duration = duration, Rows = rows, PlanJson = plan });
        return rows;
    }

    private static NpgsqlBatch Batch(NpgsqlConnection connection, NpgsqlTransaction transaction, string statement, IReadOnlyDictionary<string, object?> parameters, DateTimeOffset? deadline)
    {
        var batch = new NpgsqlBatch(connection, transaction);
        var command = new NpgsqlBatchCommand(statement);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        batch.BatchCommands.Add(command);
        if (deadline is { } end)
        {
            // The task's CommandTimeout covers the whole script: each statement gets what is left of it.
            batch.Timeout = Math.Max(1, (int)Math.Ceiling((end - DateTimeOffset.UtcNow).TotalSeconds));
        }

        return batch;
    }

    /// <summary>The parameters a SQL task binds for <paramref name="context"/>'s run, by name.</summary>
    public static IReadOnlyDictionary<string, object?> Parameters(TaskContext context, SqlTaskOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var values = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        if (context.Conf.Bound is { } bound)
        {
            foreach (var property in bound.GetType().GetProperties().Where(p => p.CanRead && p.GetIndexParameters().Length == 0))
            {
                values[JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name)] = Value(property.GetValue(bound));
            }
        }

        foreach (var (name, value) in options.Parameters)
        {
            values[name] = Value(value);
        }

        foreach (var name in RunValues)
        {
            values.Remove(name);
        }

        values["data_interval_start"] = context.DataInterval.Start.ToUniversalTime();
        values["data_interval_end"] = context.DataInterval.End.ToUniversalTime();
        values["logical_date"] = context.LogicalDate.ToUniversalTime();
        values["dag_id"] = context.DagId;
        values["run_id"] = context.RunId;
        values["task_id"] = context.TaskId;
        values["try_number"] = context.TryNumber;
        return values;
    }

    // Npgsql writes timestamptz only from UTC; enums go as their names.
    private static object? Value(object? value) => value switch
    {
        DateTimeOffset at => at.ToUniversalTime(),
        Enum e => e.ToString(),
        _ => value,
    };
}
