using Microsoft.Extensions.Logging;
using Npgsql;

namespace DataEngineer.Sdk.Postgres;

/// <summary>Enforces a dataset's <see cref="RetentionPolicy"/>: deletes the rows older than it keeps, in batches.</summary>
public static class DatasetRetention
{
    /// <summary>Rows deleted per statement by default.</summary>
    public const int DefaultBatchSize = 10_000;

    /// <summary>
    /// Deletes the rows of <paramref name="dataset"/> whose retention column is before <c>asOf - KeepFor</c> (rows exactly
    /// at the cutoff are kept), at most <paramref name="batchSize"/> per statement, each statement in its own transaction
    /// so locks stay short and a cancelled run keeps what it deleted. Logs how many rows it deleted and returns it. The
    /// table and column names are validated and quoted; the cutoff is a parameter. A date column is compared at midnight
    /// in the session's time zone.
    /// </summary>
    /// <param name="context">The task's context (its log and cancellation).</param>
    /// <param name="connection">An open connection to the database holding the dataset.</param>
    /// <param name="dataset">The dataset, with its <see cref="Dataset.Retention"/> policy.</param>
    /// <param name="asOf">What "now" is; the data interval's end by default, so re-running a run deletes the same rows.</param>
    /// <param name="batchSize">Rows per DELETE statement.</param>
    /// <returns>The cutoff and how many rows were deleted.</returns>
    /// <exception cref="InvalidIdentifierException">The dataset's name or its retention column is not a plain identifier.</exception>
    /// <exception cref="ArgumentException">The dataset has no retention policy, it keeps rows for no time at all, or the batch size is not positive.</exception>
    /// <exception cref="TaskFailedException">The table or the column does not exist, or the column is not a date or timestamp.</exception>
    public static async Task<RetentionResult> DeleteExpiredRowsAsync(
        this TaskContext context, NpgsqlConnection connection, Dataset dataset, DateTimeOffset? asOf = null, int batchSize = DefaultBatchSize)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(dataset);
        var policy = dataset.Retention
            ?? throw new ArgumentException($"Dataset {dataset.Name} has no retention policy: set Retention = new RetentionPolicy(column, keepFor) on it.", nameof(dataset));
        if (policy.KeepFor <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Dataset {dataset.Name}: the retention policy keeps rows for {policy.KeepFor}; give a positive duration, e.g. TimeSpan.FromDays(400).", nameof(dataset));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var table = SqlIdentifier.Table(dataset.Name, "retention dataset");
        var column = SqlIdentifier.Column(policy.Column, $"dataset {dataset.Name} retention column");
        await CheckColumnAsync(context, connection, dataset.Name, table, policy.Column);

        var cutoff = ((asOf ?? context.DataInterval.End) - policy.KeepFor).ToUniversalTime();
        // A batch picks old rows by their physical address; the outer test of the column again makes sure only old rows
        // go even where addresses repeat (the partitions of a partitioned table).
        await using var command = new NpgsqlCommand(
            $"DELETE FROM {table} WHERE ctid = ANY(ARRAY(SELECT ctid FROM {table} WHERE {column} < @cutoff LIMIT @batch)) AND {column} < @cutoff", connection);
        command.Parameters.AddWithValue("cutoff", cutoff);
        command.Parameters.AddWithValue("batch", batchSize);
        long deleted = 0;
        var batches = 0;
        int affected;
        do
        {
            affected = await command.ExecuteNonQueryAsync(context.CancellationToken);
            deleted += affected;
            batches++;
        }
        while (affected >= batchSize);

        context.Logger.LogInformation("Retention of {Dataset}: deleted {DeletedRows} rows whose {Column} is before {Cutoff:yyyy-MM-ddTHH:mm:ssZ} (kept {KeepFor}) in {Batches} batches",
            dataset.Name, deleted, policy.Column, cutoff, policy.KeepFor, batches);
        return new RetentionResult(dataset.Name, policy.Column, policy.KeepFor, cutoff, deleted, batches);
    }

    private static async Task CheckColumnAsync(TaskContext context, NpgsqlConnection connection, string name, string table, string column)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT to_regclass(@table) IS NOT NULL,
                   (SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a
                    WHERE a.attrelid = to_regclass(@table) AND a.attname = @column AND a.attnum > 0 AND NOT a.attisdropped)
            """, connection);
        command.Parameters.AddWithValue("table", table);
        command.Parameters.AddWithValue("column", column);
        await using var reader = await command.ExecuteReaderAsync(context.CancellationToken);
        await reader.ReadAsync(context.CancellationToken);
        if (!reader.GetBoolean(0))
        {
            context.Fail($"Retention of {name}: the table does not exist. Fix the dataset's name or remove its retention policy.");
        }

        var type = reader.IsDBNull(1) ? null : reader.GetString(1);
        if (type is null)
        {
            context.Fail($"Retention of {name}: the table has no column '{column}'. Name an existing date or timestamp column in its RetentionPolicy.");
        }

        if (type is not ("date" or "timestamp without time zone" or "timestamp with time zone") && !type.StartsWith("timestamp(", StringComparison.Ordinal))
        {
            context.Fail($"Retention of {name}: column '{column}' is {type}; a retention policy needs a date or timestamp column.");
        }
    }
}
