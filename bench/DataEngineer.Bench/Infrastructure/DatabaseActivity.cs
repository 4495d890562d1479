using Npgsql;

namespace DataEngineer.Bench.Infrastructure;

/// <summary>
/// One database's counters from PostgreSQL's statistics views at one moment: transactions (<c>pg_stat_database</c>
/// xact_commit + xact_rollback) and, per table, scans and written rows (<c>pg_stat_user_tables</c>), so the delta
/// between two readings says how many transactions ran and which tables they touched. The reading's own query is one
/// more transaction.
/// </summary>
public sealed record DatabaseActivity(DateTimeOffset At, long Commits, long Rollbacks, IReadOnlyDictionary<string, (long Scans, long Writes)> Tables)
{
    public static async Task<DatabaseActivity> ReadAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        // Statistics are flushed by each backend at most once a second; a fresh snapshot for every reading.
        await using (var clear = new NpgsqlCommand("SELECT pg_stat_clear_snapshot()", connection))
        {
            await clear.ExecuteNonQueryAsync(ct);
        }

        long commits, rollbacks;
        await using (var command = new NpgsqlCommand("SELECT xact_commit, xact_rollback FROM pg_stat_database WHERE datname = current_database()", connection))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            (commits, rollbacks) = (reader.GetInt64(0), reader.GetInt64(1));
        }

        var tables = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand(
            "SELECT schemaname || '.' || relname, coalesce(seq_scan, 0) + coalesce(idx_scan, 0), n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_user_tables", connection))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                tables[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt64(2));
            }
        }

        return new DatabaseActivity(DateTimeOffset.UtcNow, commits, rollbacks, tables);
    }

    /// <summary>Transactions since <paramref name="earlier"/>.</summary>
    public long TransactionsSince(DatabaseActivity earlier) => Commits + Rollbacks - earlier.Commits - earlier.Rollbacks;

    /// <summary>The tables scanned or written since <paramref name="earlier"/>, busiest first.</summary>
    public IReadOnlyList<TableActivity> TablesSince(DatabaseActivity earlier) =>
        Tables.Select(t => (Name: t.Key, Now: t.Value, Before: earlier.Tables.GetValueOrDefault(t.Key)))
            .Select(t => new TableActivity(t.Name, t.Now.Scans - t.Before.Scans, t.Now.Writes - t.Before.Writes))
            .Where(t => t.Scans > 0 || t.Writes > 0)
            .OrderByDescending(t => t.Scans + t.Writes)
            .ToList();
}
