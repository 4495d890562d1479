using Npgsql;

namespace DataEngineer.Sdk.Postgres;

/// <summary>
/// Slowly changing dimension type 2 loads. Each load is one transaction at one effective time (by default the run's
/// data interval start): a key seen for the first time gets a version valid from then; a key whose tracked columns
/// differ from its current version (compared with <c>IS DISTINCT FROM</c>, so NULLs compare as values) has that
/// version closed at the effective time and a new one opened; an unchanged key is left alone. Keys missing from
/// the rows are left as they are (a load never deletes history).
/// <para>
/// Idempotent per interval: re-running the same interval changes nothing, and a re-run with corrected data updates
/// the versions that interval opened in place. A late re-run of an older interval is accepted only when it agrees
/// with the history already recorded at that time; if it would change history that later intervals built on, the
/// load is refused (<see cref="LoadValidationException"/>, naming the keys) and nothing is written.
/// </para>
/// </summary>
public static class Scd2Loader
{
    private const string Stage = "de_scd2_stage";

    /// <summary>Loads <paramref name="rows"/> (values in <c>Key</c> then <c>Tracked</c> order) into the dimension.</summary>
    /// <param name="context">
/// The task's context: the effective time defaults to its data interval start; changed rows count as written, and the
/// dimension's write is recorded (row count, schema, the versions opened, closed or corrected as rows written; with
/// <see cref="Scd2Spec.Dataset"/>'s freshness column and SLA when given).
/// </param>
    /// <param name="connection">An open connection, no transaction in progress.</param>
    /// <param name="spec">Table, key, tracked and validity columns.</param>
    /// <param name="rows">One row per key: the source's current state.</param>
    /// <param name="values">A row's values: the key columns, then the tracked columns, in the spec's order.</param>
    /// <param name="effectiveAt">When the versions become valid (default: the run's data interval start).</param>
    /// <exception cref="InvalidIdentifierException">A table or column name is not a plain identifier.</exception>
    /// <exception cref="LoadValidationException">A key is null or repeated, or an older interval would rewrite later history; rolled back.</exception>
    /// <exception cref="TaskFailedException">The load breaks the data contract of <see cref="Scd2Spec.Dataset"/>; rolled back.</exception>
    public static async Task<Scd2Result> LoadScd2Async<T>(this TaskContext context, NpgsqlConnection connection, Scd2Spec spec, IEnumerable<T> rows, Func<T, object?[]> values,
        DateTimeOffset? effectiveAt = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(values);
        var what = $"SCD2 load of {spec.Table}";
        var table = SqlIdentifier.Table(spec.Table, "SCD2 table");
        var key = spec.Key.Select(c => SqlIdentifier.Column(c, $"{what} key column")).ToList();
        var tracked = spec.Tracked.Select(c => SqlIdentifier.Column(c, $"{what} tracked column")).ToList();
        var from = SqlIdentifier.Column(spec.ValidFrom, $"{what} ValidFrom column");
        var to = SqlIdentifier.Column(spec.ValidTo, $"{what} ValidTo column");
        var current = SqlIdentifier.Column(spec.IsCurrent, $"{what} IsCurrent column");
        if (key.Count == 0 || tracked.Count == 0 || key.Intersect(tracked).Any())
        {
            throw new ArgumentException($"{what}: give at least one key column and one tracked column, none of them both.", nameof(spec));
        }

        if (spec.Dataset is { } declared && !string.Equals(declared.Name, spec.Table, StringComparison.Ordinal))
        {
            throw new ArgumentException($"{what}: its Dataset is {declared.Name}; give the dataset of the dimension loaded.", nameof(spec));
        }

        var at = (effectiveAt ?? context.DataInterval.Start).ToUniversalTime();
        var ct = context.CancellationToken;
        var sameKey = string.Join(" AND ", key.Select(k => $"d.{k} = s.{k}"));
        var dimTracked = $"({string.Join(", ", tracked.Select(c => "d." + c))}, true)";
        var stageTracked = $"({string.Join(", ", tracked.Select(c => "s." + c))}, true)";

        await using var tx = await connection.BeginTransactionAsync(ct);
        var staged = await StagingTable.CreateAndCopyAsync(connection, tx, Stage, table, [.. key, .. tracked], rows, values, what, ct);
        var nullKeys = await StagingTable.CountAsync(connection, tx, $"SELECT count(*) FROM {Stage} WHERE {string.Join(" OR ", key.Select(k => $"{k} IS NULL"))}", null, ct);
        var distinct = await StagingTable.CountAsync(connection, tx, $"SELECT count(DISTINCT ({string.Join(", ", key)}, true)) FROM {Stage}", null, ct);
        if (nullKeys > 0 || distinct != staged)
        {
            throw new LoadValidationException($"{what}: {nullKeys} rows have a null key and {staged - distinct} repeat a key ({string.Join(", ", spec.Key)}); give one row per key. Nothing was loaded.");
        }

        // History after the effective time: the rows must agree with the version valid then, or the load is refused.
        var later = $"EXISTS (SELECT 1 FROM {table} d WHERE {sameKey} AND d.{from} > @at)";
        var agrees = $"EXISTS (SELECT 1 FROM {table} d WHERE {sameKey} AND d.{from} <= @at AND d.{to} > @at AND {dimTracked} IS NOT DISTINCT FROM {stageTracked})";
        var conflicts = await KeysAsync(connection, tx, $"SELECT ROW({string.Join(", ", key.Select(k => "s." + k))})::text FROM {Stage} s WHERE {later} AND NOT {agrees} LIMIT 5", at, ct);
        if (conflicts.Count > 0)
        {
            throw new LoadValidationException(
                $"{what} at {at:yyyy-MM-ddTHH:mm:ssZ}: the table already has later versions of keys {string.Join(", ", conflicts)} (and maybe more), and these rows " +
                "differ from the history recorded at that time. Loading this older interval would rewrite history later intervals built on. Nothing was loaded; " +
                "re-run the intervals in order from this one (clear them, oldest first) after fixing the history, or load only the latest interval.");
        }

        // Keys with later history that agrees: nothing to write for them (they count as unchanged).
        await StagingTable.CountAsync(connection, tx, $"WITH gone AS (DELETE FROM {Stage} s WHERE {later} RETURNING 1) SELECT count(*) FROM gone", at, ct);
        var corrected = await StagingTable.CountAsync(connection, tx,
            $"WITH u AS (UPDATE {table} d SET {string.Join(", ", tracked.Select(c => $"{c} = s.{c}"))} FROM {Stage} s " +
            $"WHERE {sameKey} AND d.{current} AND d.{from} = @at AND {dimTracked} IS DISTINCT FROM {stageTracked} RETURNING 1) SELECT count(*) FROM u", at, ct);
        var changed = await StagingTable.CountAsync(connection, tx,
            $"WITH c AS (UPDATE {table} d SET {to} = @at, {current} = false FROM {Stage} s " +
            $"WHERE {sameKey} AND d.{current} AND d.{from} < @at AND {dimTracked} IS DISTINCT FROM {stageTracked} RETURNING 1) SELECT count(*) FROM c", at, ct);
        var columns = string.Join(", ", key.Concat(tracked));
        var opened = await StagingTable.CountAsync(connection, tx,
            $"WITH i AS (INSERT INTO {table} ({columns}, {from}, {to}, {current}) SELECT {string.Join(", ", key.Concat(tracked).Select(c => "s." + c))}, @at, 'infinity', true " +
            $"FROM {Stage} s WHERE NOT EXISTS (SELECT 1 FROM {table} d WHERE {sameKey} AND d.{current}) RETURNING 1) SELECT count(*) FROM i", at, ct);
        if (spec.Dataset is { Contract: not ContractMode.None } contracted)
        {
            await context.VerifyContractAsync(connection, contracted, tx);
        }

        await context.RecordDatasetAsync(connection, spec.Dataset ?? new Dataset(spec.Table), opened + changed + corrected, tx);
        await tx.CommitAsync(ct);

        var newKeys = opened - changed;
        context.Rows.AddWritten(opened + changed + corrected);
        return new Scd2Result(staged, newKeys, changed, corrected, staged - newKeys - changed - corrected);
    }

    private static async Task<List<string>> KeysAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, DateTimeOffset at, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        command.Parameters.AddWithValue("at", at);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var keys = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }
}
