using Npgsql;

namespace DataEngineer.Sdk.Postgres;

/// <summary>A temporary table shaped like some of a target's columns, filled by binary COPY, dropped at commit.</summary>
internal static class StagingTable
{
    public static async Task<long> CreateAndCopyAsync<T>(NpgsqlConnection connection, NpgsqlTransaction tx, string stage, string target, IReadOnlyList<string> columns,
        IEnumerable<T> rows, Func<T, object?[]> values, string what, CancellationToken ct)
    {
        var list = string.Join(", ", columns);
        await ExecuteAsync(connection, tx, $"CREATE TEMP TABLE {stage} ON COMMIT DROP AS SELECT {list} FROM {target} WITH NO DATA", ct);
        var types = new List<string>();
        await using (var command = new NpgsqlCommand(
            $"SELECT format_type(atttypid, NULL) FROM pg_attribute WHERE attrelid = 'pg_temp.{stage}'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum", connection, tx))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                types.Add(reader.GetString(0));
            }
        }

        long staged = 0;
        await using var copy = await connection.BeginBinaryImportAsync($"COPY {stage} ({list}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var row in rows)
        {
            var rowValues = values(row);
            if (rowValues.Length != columns.Count)
            {
                throw new ArgumentException($"{what}: a row has {rowValues.Length} values for {columns.Count} columns.", nameof(values));
            }

            await copy.StartRowAsync(ct);
            for (var i = 0; i < rowValues.Length; i++)
            {
                if (rowValues[i] is null)
                {
                    await copy.WriteNullAsync(ct);
                }
                else
                {
                    // Npgsql writes timestamptz only from UTC values.
                    await copy.WriteAsync(rowValues[i] is DateTimeOffset at ? at.ToUniversalTime() : rowValues[i], types[i], ct);
                }
            }

            staged++;
        }

        await copy.CompleteAsync(ct);
        return staged;
    }

    public static async Task<long> CountAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, DateTimeOffset? at, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        if (at is { } value)
        {
            command.Parameters.AddWithValue("at", value.ToUniversalTime());
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        await command.ExecuteNonQueryAsync(ct);
    }
}
