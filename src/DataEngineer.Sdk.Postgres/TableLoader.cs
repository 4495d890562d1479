using Npgsql;

namespace DataEngineer.Sdk.Postgres;

/// <summary>
/// Idempotent loads in one transaction: stage the rows (binary COPY into a temporary table shaped like the
/// target's columns), validate the keys, write (upsert, swap or append-dedup), verify the counts, commit, and only
/// then count the rows written and advance the watermark. Re-running a load with the same rows changes nothing.
/// </summary>
public static class TableLoader
{
    /// <summary>Loads <paramref name="rows"/> into <paramref name="spec"/>'s table.</summary>
    /// <param name="context">The task's context: rows written and the watermark are reported to it after the commit.</param>
    /// <param name="connection">An open connection (no transaction in progress).</param>
    /// <param name="spec">Table, columns, key, mode and watermark.</param>
    /// <param name="rows">The rows.</param>
    /// <param name="values">A row's values, in <see cref="LoadSpec.Columns"/> order.</param>
    /// <exception cref="InvalidIdentifierException">A table or column name is not a plain identifier.</exception>
    /// <exception cref="LoadValidationException">A key is null or repeated, or the verified counts differ; rolled back.</exception>
    /// <exception cref="TaskFailedException">The load breaks the data contract of <see cref="LoadSpec.Dataset"/>; rolled back.</exception>
    public static async Task<LoadResult> LoadAsync<T>(this TaskContext context, NpgsqlConnection connection, LoadSpec spec, IEnumerable<T> rows, Func<T, object?[]> values)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(values);
        var ct = context.CancellationToken;
        var table = SqlIdentifier.Table(spec.Table, "load table");
        var columns = spec.Columns.Select(c => SqlIdentifier.Column(c, $"load of {spec.Table} column")).ToList();
        var key = spec.Key.Select(c => SqlIdentifier.Column(c, $"load of {spec.Table} key column")).ToList();
        if (columns.Count == 0 || key.Except(columns).Any() || (spec.Mode != LoadMode.Swap && key.Count == 0))
        {
            throw new ArgumentException($"Load of {spec.Table}: give the columns, and key columns among them ({spec.Mode} needs a key unless it is Swap).", nameof(spec));
        }

        if (spec.Dataset is { } declared && !string.Equals(declared.Name, spec.Table, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Load of {spec.Table}: its Dataset is {declared.Name}; give the dataset of the table loaded.", nameof(spec));
        }

        var list = string.Join(", ", columns);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var staged = await StagingTable.CreateAndCopyAsync(connection, tx, "de_stage", table, columns, rows, values, $"Load of {spec.Table}", ct);

        long distinctKeys = staged;
        if (key.Count > 0)
        {
            var keys = string.Join(", ", key);
            var (nullKeys, distinct) = await PairAsync(connection, tx,
                $"SELECT count(*) FILTER (WHERE {string.Join(" OR ", key.Select(k => $"{k} IS NULL"))}), count(DISTINCT ({keys}, true)) FROM de_stage", ct);
            if (nullKeys > 0)
            {
                throw new LoadValidationException($"Load of {spec.Table}: {nullKeys} staged rows have a null key ({string.Join(", ", spec.Key)}); nothing was loaded.");
            }

            if (distinct != staged && spec.Mode != LoadMode.AppendDedup)
            {
                var example = await ScalarTextAsync(connection, tx, $"SELECT ROW({keys})::text FROM de_stage GROUP BY {keys} HAVING count(*) > 1 ORDER BY count(*) DESC, 1 LIMIT 1", ct);
                throw new LoadValidationException(
                    $"Load of {spec.Table} ({spec.Mode}): {staged - distinct} staged rows repeat a key ({string.Join(", ", spec.Key)}), e.g. {example}; " +
                    "deduplicate the rows (one per key) or use AppendDedup. Nothing was loaded.");
            }

            distinctKeys = distinct;
        }

        var (inserted, updated, deleted) = spec.Mode switch
        {
            LoadMode.Upsert => await UpsertAsync(connection, tx, table, columns, key, ct),
            LoadMode.AppendDedup => await AppendAsync(connection, tx, table, list, key, ct),
            _ when key.Count > 0 => await SwapByKeyAsync(connection, tx, table, columns, key, ct),
            _ => await SwapAsync(connection, tx, table, list, ct),
        };

        var present = key.Count > 0
            ? (await PairAsync(connection, tx, $"SELECT count(*), 0 FROM {table} AS f JOIN (SELECT DISTINCT {string.Join(", ", key)} FROM de_stage) AS s USING ({string.Join(", ", key)})", ct)).First
            : (await PairAsync(connection, tx, $"SELECT count(*), 0 FROM {table}", ct)).First;
        if (present != distinctKeys)
        {
            throw new LoadValidationException($"Load of {spec.Table}: after writing, {present} of the {distinctKeys} staged rows are in the table; rolled back.");
        }

        if (spec.Dataset is { Contract: not ContractMode.None } contracted)
        {
            await context.VerifyContractAsync(connection, contracted, tx);
        }

        if (spec.Dataset is { } dataset)
        {
            await context.RecordDatasetAsync(connection, dataset, inserted + updated, tx);
        }

        await tx.CommitAsync(ct);
        if (spec.CountsAsRowsWritten)
        {
            context.Rows.AddWritten(inserted + updated);
        }
        if (spec.Watermark is { } mark)
        {
            context.Data.AdvanceWatermark(mark);
        }

        return new LoadResult(staged, inserted, updated, deleted);
    }

    private static async Task<(long, long, long)> UpsertAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string table, List<string> columns, List<string> key, CancellationToken ct)
    {
        var list = string.Join(", ", columns);
        var rest = columns.Except(key).ToList();
        var action = rest.Count == 0
            ? "DO NOTHING"
            : $"DO UPDATE SET {string.Join(", ", rest.Select(c => $"{c} = excluded.{c}"))} " +
              $"WHERE ({string.Join(", ", rest.Select(c => "f." + c))}, true) IS DISTINCT FROM ({string.Join(", ", rest.Select(c => "excluded." + c))}, true)";
        var (inserted, updated) = await PairAsync(connection, tx,
            $"WITH w AS (INSERT INTO {table} AS f ({list}) SELECT {list} FROM de_stage ON CONFLICT ({string.Join(", ", key)}) {action} RETURNING (xmax = 0) AS inserted) " +
            "SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM w", ct);
        return (inserted, updated, 0);
    }

    private static async Task<(long, long, long)> AppendAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string table, string list, List<string> key, CancellationToken ct)
    {
        var (inserted, _) = await PairAsync(connection, tx,
            $"WITH w AS (INSERT INTO {table} ({list}) SELECT DISTINCT ON ({string.Join(", ", key)}) {list} FROM de_stage AS s " +
            $"WHERE NOT EXISTS (SELECT 1 FROM {table} AS f WHERE {string.Join(" AND ", key.Select(k => $"f.{k} = s.{k}"))}) RETURNING 1) SELECT count(*), 0 FROM w", ct);
        return (inserted, 0, 0);
    }

    // A keyed swap changes only what differs: rows whose key is gone are deleted, changed rows updated, new keys inserted.
    private static async Task<(long, long, long)> SwapByKeyAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string table, List<string> columns, List<string> key, CancellationToken ct)
    {
        var sameKey = string.Join(" AND ", key.Select(k => $"f.{k} = s.{k}"));
        var (deleted, _) = await PairAsync(connection, tx,
            $"WITH d AS (DELETE FROM {table} AS f WHERE NOT EXISTS (SELECT 1 FROM de_stage AS s WHERE {sameKey}) RETURNING 1) SELECT count(*), 0 FROM d", ct);
        var rest = columns.Except(key).ToList();
        var (updated, _) = rest.Count == 0
            ? (0L, 0L)
            : await PairAsync(connection, tx,
                $"WITH u AS (UPDATE {table} AS f SET {string.Join(", ", rest.Select(c => $"{c} = s.{c}"))} FROM de_stage AS s WHERE {sameKey} " +
                $"AND ({string.Join(", ", rest.Select(c => "f." + c))}, true) IS DISTINCT FROM ({string.Join(", ", rest.Select(c => "s." + c))}, true) RETURNING 1) SELECT count(*), 0 FROM u", ct);
        var list = string.Join(", ", columns);
        var (inserted, _) = await PairAsync(connection, tx,
            $"WITH i AS (INSERT INTO {table} ({list}) SELECT {string.Join(", ", columns.Select(c => "s." + c))} FROM de_stage AS s " +
            $"WHERE NOT EXISTS (SELECT 1 FROM {table} AS f WHERE {sameKey}) RETURNING 1) SELECT count(*), 0 FROM i", ct);
        return (inserted, updated, deleted);
    }

    // Without a key, rows are compared whole: identical contents change nothing; otherwise the table is rewritten and the
    // rows that differ are reported.
    private static async Task<(long, long, long)> SwapAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string table, string list, CancellationToken ct)
    {
        var (removed, added) = await PairAsync(connection, tx,
            $"SELECT (SELECT count(*) FROM (SELECT {list} FROM {table} EXCEPT ALL SELECT {list} FROM de_stage) AS r), " +
            $"(SELECT count(*) FROM (SELECT {list} FROM de_stage EXCEPT ALL SELECT {list} FROM {table}) AS a)", ct);
        if (removed == 0 && added == 0)
        {
            return (0, 0, 0);
        }

        await StagingTable.ExecuteAsync(connection, tx, $"DELETE FROM {table}", ct);
        await StagingTable.ExecuteAsync(connection, tx, $"INSERT INTO {table} ({list}) SELECT {list} FROM de_stage", ct);
        return (added, 0, removed);
    }

    private static async Task<string> ScalarTextAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        return Convert.ToString(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }

    private static async Task<(long First, long Second)> PairAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture));
    }
}
