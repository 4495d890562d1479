using System.Data;
using Npgsql;

namespace DataEngineer.Postgres.Metadata;

/// <summary>
/// Creates and upgrades the metadata schema from the SQL migrations embedded in this assembly, recording each one's
/// SHA-256. Safe to run from several processes at once: they take turns under an advisory lock, and the later ones
/// find nothing to do. It refuses a schema a newer binary migrated and an applied migration whose file changed.
/// Only <c>db migrate</c> (and standalone on its own managed cluster) runs it; other processes read
/// <see cref="SchemaStatus"/> and refuse to start unless it is current.
/// </summary>
public static class SchemaMigrator
{
    private const string SchemaExists = "SELECT EXISTS (SELECT FROM pg_namespace WHERE nspname = @name)";

    private const string CreateSchema = "CREATE SCHEMA {schema}";

    private const string CreateHistory = """
        CREATE TABLE IF NOT EXISTS {schema}.schema_migrations (
            version integer NOT NULL PRIMARY KEY,
            name text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now(),
            checksum text
        )
        """;

    // A history table created before checksums were recorded.
    private const string AddChecksum = "ALTER TABLE {schema}.schema_migrations ADD COLUMN IF NOT EXISTS checksum text";

    private const string InsertApplied = "INSERT INTO {schema}.schema_migrations (version, name, checksum) VALUES (@version, @name, @checksum)";

    private const string RecordChecksum = "UPDATE {schema}.schema_migrations SET checksum = @checksum WHERE version = @version AND checksum IS NULL";

    /// <summary>
    /// Applies the embedded migrations <paramref name="schema"/> lacks, oldest first, each in its own transaction, and
    /// returns them (empty when the schema was current). Migrations applied before checksums were recorded get the
    /// checksum of this binary's file.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="schema"/> is not a valid schema name.</exception>
    /// <exception cref="SchemaVersionException">The schema has a migration this binary does not know, or an applied migration's file changed; nothing is applied.</exception>
    public static async Task<IReadOnlyList<SchemaMigrationEntry>> MigrateAsync(NpgsqlDataSource dataSource, string schema = PostgresMetadataStoreOptions.DefaultSchema, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var quoted = SchemaName.Quote(schema);
        var lockKey = AdvisoryLockKey.For(schema, "migrations");

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        // Session-level, not transaction-level: the lock must span the several migration transactions.
        await ExecuteAsync(connection, "SELECT pg_advisory_lock(@key)", ct, ("key", lockKey));
        try
        {
            // Looked up rather than CREATE SCHEMA IF NOT EXISTS, which needs the CREATE privilege on the database even
            // when the schema exists: a role given only a prepared schema lacks it. The lock makes look-then-create safe,
            // as it does CREATE TABLE IF NOT EXISTS, which also fails when two sessions run it at once.
            if (!await SchemaExistsAsync(connection, schema, ct))
            {
                await ExecuteAsync(connection, SchemaName.Substitute(CreateSchema, quoted), ct);
            }

            await ExecuteAsync(connection, SchemaName.Substitute(CreateHistory, quoted), ct);
            await ExecuteAsync(connection, SchemaName.Substitute(AddChecksum, quoted), ct);
            var applied = await SchemaStatus.ReadAppliedAsync(connection, quoted, ct);
            var status = SchemaStatus.Compare(applied);
            if (status.InState(SchemaMigrationState.Unknown).Count > 0 || status.InState(SchemaMigrationState.Changed).Count > 0)
            {
                var database = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
                throw new SchemaVersionException(status.Problem($"{database.Host}:{database.Port}/{database.Database} (schema {schema})")!);
            }

            foreach (var migration in Migration.Embedded.Where(m => applied.Any(a => a.Version == m.Version && a.Checksum is null)))
            {
                await ExecuteAsync(connection, SchemaName.Substitute(RecordChecksum, quoted), ct, ("version", migration.Version), ("checksum", migration.Checksum));
            }

            var pending = status.InState(SchemaMigrationState.Pending);
            foreach (var migration in Migration.Embedded.Where(m => pending.Any(p => p.Version == m.Version)))
            {
                await using var transaction = await connection.BeginTransactionAsync(ct);
                await ExecuteAsync(connection, SchemaName.Substitute(migration.Sql, quoted), ct);
                await ExecuteAsync(connection, SchemaName.Substitute(InsertApplied, quoted), ct,
                    ("version", migration.Version), ("name", migration.Name), ("checksum", migration.Checksum));
                await transaction.CommitAsync(ct);
            }

            return pending;
        }
        finally
        {
            // A broken connection took its session lock with it; unlocking would only hide the original error.
            // Not the caller's token: a cancelled migration must still release the lock before the connection goes
            // back to the pool.
            if (connection.State == ConnectionState.Open)
            {
                await ExecuteAsync(connection, "SELECT pg_advisory_unlock(@key)", CancellationToken.None, ("key", lockKey));
            }
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<bool> SchemaExistsAsync(NpgsqlConnection connection, string schema, CancellationToken ct)
    {
        await using var command = Command(connection, SchemaExists, [("name", schema)]);
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}
