using Npgsql;

namespace DataEngineer.Sdk.Postgres;

/// <summary>Records a dataset a task wrote: its row count, freshness, schema and tracked values, read in one statement.</summary>
public static class PostgresDatasets
{
    // The table and, when it is partitioned, every partition (a partitioned parent itself has no storage and no estimate).
    private const string Tree = "pg_class c WHERE c.oid = @table::regclass OR c.oid IN (SELECT relid FROM pg_partition_tree(@table::regclass))";

    /// <summary>Distinct values kept per tracked column.</summary>
    public const int MaxTrackedValues = 1000;

    /// <summary>
    /// Reads <paramref name="dataset"/>'s row count, the maximum of its freshness column, its columns and types, its total size
    /// on disk and row estimate (every partition included), and
    /// the distinct values of its accepted-values columns, and records them with the try (saved if it succeeds).
    /// Call it after the write committed (or inside the transaction, passing it).
    /// </summary>
    /// <param name="context">The task's context.</param>
    /// <param name="connection">An open connection.</param>
    /// <param name="dataset">The dataset, as declared in the DAG.</param>
    /// <param name="rowsWritten">Rows this try inserted or changed in it.</param>
    /// <param name="transaction">The transaction to read in, if any.</param>
    /// <exception cref="InvalidIdentifierException">The dataset's name or a column name is not a plain identifier.</exception>
    public static async Task<DatasetObservation> RecordDatasetAsync(
        this TaskContext context, NpgsqlConnection connection, Dataset dataset, long rowsWritten, NpgsqlTransaction? transaction = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(dataset);
        var table = SqlIdentifier.Table(dataset.Name, "dataset name");
        var freshness = dataset.FreshnessColumn is { } f ? $"(SELECT max({SqlIdentifier.Column(f, $"dataset {dataset.Name} freshness column")})::timestamptz FROM {table})" : "NULL::timestamptz";
        var tracked = dataset.AcceptedValues.Keys.Order(StringComparer.Ordinal).ToList();
        var values = tracked.Select(c =>
        {
            var column = SqlIdentifier.Column(c, $"dataset {dataset.Name} accepted-values column");
            return $", (SELECT coalesce(json_agg(v ORDER BY v), '[]')::text FROM (SELECT DISTINCT {column}::text AS v FROM {table} WHERE {column} IS NOT NULL LIMIT {MaxTrackedValues}) AS d)";
        });
        await using var command = new NpgsqlCommand(
            $"""
            SELECT (SELECT count(*) FROM {table}), {freshness},
                   (SELECT coalesce(json_agg(json_build_array(a.attname, format_type(a.atttypid, a.atttypmod)) ORDER BY a.attnum), '[]')::text
                    FROM pg_attribute a WHERE a.attrelid = @table::regclass AND a.attnum > 0 AND NOT a.attisdropped),
                   (SELECT sum(pg_total_relation_size(c.oid))::bigint FROM {Tree}),
                   (SELECT (sum(c.reltuples) FILTER (WHERE c.relkind <> 'p' AND c.reltuples >= 0))::bigint FROM {Tree})
                   {string.Concat(values)}
            """, connection, transaction);
        command.Parameters.AddWithValue("table", table);
        await using var reader = await command.ExecuteReaderAsync(context.CancellationToken);
        await reader.ReadAsync(context.CancellationToken);
        var columns = System.Text.Json.JsonSerializer.Deserialize<string[][]>(reader.GetString(2))!.Select(c => new DatasetColumn(c[0], c[1])).ToList();
        var observation = new DatasetObservation
        {
            Dataset = dataset,
            RowCount = reader.GetInt64(0),
            RowsWritten = rowsWritten,
            DataUpdatedAt = reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1),
            Columns = columns,
            TotalBytes = reader.IsDBNull(3) ? null : reader.GetInt64(3),
            RowEstimate = reader.IsDBNull(4) ? null : reader.GetInt64(4),
            ColumnValues = tracked.Select((c, i) => (c, System.Text.Json.JsonSerializer.Deserialize<List<string>>(reader.GetString(5 + i))!))
                .ToDictionary(p => p.c, p => (IReadOnlyList<string>)p.Item2, StringComparer.Ordinal),
        };
        context.Data.RecordDataset(observation);
        return observation;
    }
}
