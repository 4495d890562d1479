using System.Globalization;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DataEngineer.Sdk.Postgres;

/// <summary>
/// Time-partitioned tables (PostgreSQL declarative range partitioning on a date or timestamptz column): create
/// daily or monthly partitions ahead of time, replace one partition's rows in a load, and detach or drop the
/// partitions that fall out of a retention window. The parent table is yours:
/// <c>CREATE TABLE warehouse.fact_orders (order_id bigint, ordered_at timestamptz NOT NULL, ...) PARTITION BY RANGE (ordered_at)</c>.
/// Only partitions named as these helpers name them (<c>{table}_pYYYY_MM</c>, <c>{table}_pYYYY_MM_DD</c>) are touched.
/// </summary>
public static class TimePartitions
{
    /// <summary>The partition that holds <paramref name="at"/>.</summary>
    public static TimePartition PartitionOf(string table, PartitionInterval interval, DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        var from = interval == PartitionInterval.Month
            ? new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero)
            : new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero);
        var to = interval == PartitionInterval.Month ? from.AddMonths(1) : from.AddDays(1);
        var suffix = interval == PartitionInterval.Month ? from.ToString("yyyy_MM", CultureInfo.InvariantCulture) : from.ToString("yyyy_MM_dd", CultureInfo.InvariantCulture);
        return new TimePartition($"{table}_p{suffix}", from, to);
    }

    /// <summary>
    /// Creates (if missing) the partition holding <paramref name="from"/> and the <paramref name="ahead"/> after it,
    /// so loads never wait for one; returns every partition in that range, created now or before.
    /// </summary>
    /// <param name="context">The task's context (its log says what was created).</param>
    /// <param name="connection">An open connection.</param>
    /// <param name="table">The range-partitioned parent, e.g. <c>warehouse.fact_orders</c>.</param>
    /// <param name="interval">Day or month partitions.</param>
    /// <param name="from">Usually the run's data interval start.</param>
    /// <param name="ahead">How many partitions after that one to create too (e.g. 3 months ahead).</param>
    /// <exception cref="InvalidIdentifierException">The table name is not a plain identifier.</exception>
    /// <exception cref="InvalidOperationException">The table is not range-partitioned on a date or timestamp column.</exception>
    public static async Task<IReadOnlyList<TimePartition>> EnsurePartitionsAsync(this TaskContext context, NpgsqlConnection connection, string table, PartitionInterval interval,
        DateTimeOffset from, int ahead)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentOutOfRangeException.ThrowIfNegative(ahead);
        var parent = SqlIdentifier.Table(table, "partitioned table");
        var dateKey = await IsDateKeyAsync(connection, table, parent, context.CancellationToken);
        var partitions = new List<TimePartition>();
        var partition = PartitionOf(table, interval, from);
        for (var i = 0; i <= ahead; i++)
        {
            var name = SqlIdentifier.Table(partition.Name, "partition name");
            await using var command = new NpgsqlCommand(
                $"CREATE TABLE IF NOT EXISTS {name} PARTITION OF {parent} FOR VALUES FROM ({Bound(partition.From, dateKey)}) TO ({Bound(partition.To, dateKey)})", connection);
            await command.ExecuteNonQueryAsync(context.CancellationToken);
            partitions.Add(partition);
            partition = PartitionOf(table, interval, partition.To);
        }

        context.Logger.LogInformation("Partitions of {Table} ensured: {Partitions}", table, string.Join(", ", partitions.Select(p => p.Name)));
        return partitions;
    }

    /// <summary>
    /// Replaces the rows of the partition holding <paramref name="at"/> with <paramref name="rows"/>, in one
    /// transaction (creating the partition if needed): re-running the same interval leaves the same rows. A row
    /// outside the partition's range fails the load and nothing changes.
    /// </summary>
    /// <remarks>
    /// The write is recorded against the parent table's dataset (row count of the whole table, freshness, schema, the
    /// rows loaded as rows written): pass <paramref name="dataset"/> as the DAG declares it for its freshness column,
    /// SLA and anomaly settings; without it a dataset named <paramref name="table"/> is recorded.
    /// </remarks>
    /// <returns>The rows loaded (also counted as written).</returns>
    /// <exception cref="LoadValidationException">A row falls outside the partition's range; rolled back.</exception>
    /// <exception cref="ArgumentException"><paramref name="dataset"/> is not <paramref name="table"/>'s dataset.</exception>
    public static async Task<long> LoadPartitionAsync<T>(this TaskContext context, NpgsqlConnection connection, string table, PartitionInterval interval, DateTimeOffset at,
        IReadOnlyList<string> columns, IEnumerable<T> rows, Func<T, object?[]> values, Dataset? dataset = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(columns);
        if (dataset is not null && !string.Equals(dataset.Name, table, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Load of a partition of {table}: the dataset given is {dataset.Name}; give the dataset of the partitioned table.", nameof(dataset));
        }

        var partition = (await context.EnsurePartitionsAsync(connection, table, interval, at, 0))[0];
        var name = SqlIdentifier.Table(partition.Name, "partition name");
        var quoted = columns.Select(c => SqlIdentifier.Column(c, $"load of {partition.Name} column")).ToList();
        var ct = context.CancellationToken;
        await using var tx = await connection.BeginTransactionAsync(ct);
        await StagingTable.CreateAndCopyAsync(connection, tx, "de_partition_stage", name, quoted, rows, values, $"Load of {partition.Name}", ct);
        await StagingTable.ExecuteAsync(connection, tx, $"DELETE FROM {name}", ct);
        long loaded;
        try
        {
            var list = string.Join(", ", quoted);
            loaded = await StagingTable.CountAsync(connection, tx, $"WITH i AS (INSERT INTO {name} ({list}) SELECT {list} FROM de_partition_stage RETURNING 1) SELECT count(*) FROM i", null, ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.CheckViolation)
        {
            throw new LoadValidationException(
                $"Load of {partition.Name} [{partition.From:yyyy-MM-ddTHH:mm:ssZ}, {partition.To:yyyy-MM-ddTHH:mm:ssZ}): a row falls outside the partition's range ({e.MessageText}). Nothing was loaded.");
        }

        await context.RecordDatasetAsync(connection, dataset ?? new Dataset(table), loaded, tx);
        await tx.CommitAsync(ct);
        context.Rows.AddWritten(loaded);
        return loaded;
    }

    /// <summary>
    /// Detaches, and unless <paramref name="detachOnly"/> drops, every partition of <paramref name="table"/> whose
    /// whole range ends at or before <paramref name="olderThan"/> (e.g. the data interval start minus 400 days).
    /// Each is logged; returns them, oldest first.
    /// </summary>
    public static async Task<IReadOnlyList<TimePartition>> DropPartitionsAsync(this TaskContext context, NpgsqlConnection connection, string table, PartitionInterval interval,
        DateTimeOffset olderThan, bool detachOnly = false)
    {
        ArgumentNullException.ThrowIfNull(context);
        var parent = SqlIdentifier.Table(table, "partitioned table");
        var ct = context.CancellationToken;
        var schema = table.Contains('.', StringComparison.Ordinal) ? table[..table.IndexOf('.', StringComparison.Ordinal)] : null;
        var expired = new List<TimePartition>();
        foreach (var child in await ChildrenAsync(connection, parent, ct))
        {
            var qualified = schema is null ? child : $"{schema}.{child}";
            if (Parse(table, interval, qualified) is { } partition && partition.To <= olderThan.ToUniversalTime())
            {
                expired.Add(partition);
            }
        }

        foreach (var partition in expired.OrderBy(p => p.From))
        {
            var name = SqlIdentifier.Table(partition.Name, "partition name");
            await using var tx = await connection.BeginTransactionAsync(ct);
            await StagingTable.ExecuteAsync(connection, tx, $"ALTER TABLE {parent} DETACH PARTITION {name}", ct);
            if (!detachOnly)
            {
                await StagingTable.ExecuteAsync(connection, tx, $"DROP TABLE {name}", ct);
            }

            await tx.CommitAsync(ct);
            context.Logger.LogInformation("Partition {Partition} [{From:yyyy-MM-dd}, {To:yyyy-MM-dd}) {Action} (older than {Cutoff:yyyy-MM-dd})",
                partition.Name, partition.From, partition.To, detachOnly ? "detached" : "dropped", olderThan);
        }

        return expired.OrderBy(p => p.From).ToList();
    }

    private static TimePartition? Parse(string table, PartitionInterval interval, string name)
    {
        var prefix = $"{table}_p";
        var format = interval == PartitionInterval.Month ? "yyyy_MM" : "yyyy_MM_dd";
        return name.StartsWith(prefix, StringComparison.Ordinal)
               && DateTime.TryParseExact(name[prefix.Length..], format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var from)
            ? PartitionOf(table, interval, new DateTimeOffset(from, TimeSpan.Zero))
            : null;
    }

    private static async Task<List<string>> ChildrenAsync(NpgsqlConnection connection, string parent, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = @parent::regclass ORDER BY 1", connection);
        command.Parameters.AddWithValue("parent", parent);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var names = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    // The bounds are literals of the key's own type, in UTC, so the session's time zone cannot shift them.
    private static async Task<bool> IsDateKeyAsync(NpgsqlConnection connection, string table, string parent, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT p.partstrat, format_type(a.atttypid, NULL), p.partnatts
            FROM pg_partitioned_table p JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]
            WHERE p.partrelid = to_regclass(@parent)
            """, connection);
        command.Parameters.AddWithValue("parent", parent);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct) || reader.GetFieldValue<char>(0) != 'r' || reader.GetInt16(2) != 1
            || reader.GetString(1) is not ("date" or "timestamp with time zone" or "timestamp without time zone"))
        {
            throw new InvalidOperationException(
                $"{table} is not range-partitioned on one date or timestamp column. Create it with PARTITION BY RANGE (your_date_column) first.");
        }

        return reader.GetString(1) == "date";
    }

    private static string Bound(DateTimeOffset at, bool date) =>
        date ? $"'{at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}'" : $"'{at.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}+00'";
}
