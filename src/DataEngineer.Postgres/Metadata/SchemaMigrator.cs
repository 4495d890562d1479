using System.Data;
using Npgsql;

namespace DataEngineer.Postgres.Metadata;

/// <summary>
/// Creates and upgrades the metadata schema from the SQL migrations embedded in this assembly. Safe to run from
/// several processes at once: they take turns under an advisory lock, and the later ones find nothing to do.
/// </summary>
public static class SchemaMigrator
{
    private const string SchemaExists = "SELECT EXISTS (SELECT FROM pg_namespace WHERE nspname = @name)";

    private const string CreateSchema = "CREATE SCHEMA {schema}";

    private const string CreateHistory = """
        CREATE TABLE IF NOT EXISTS {schema}.schema_migrations (
            version integer NOT NULL PRIMARY KEY,
            name text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """;

    private const string SelectApplied = "SELECT version FROM {schema}.schema_migrations";

    private const string InsertApplied = "INSERT INTO {schema}.schema_migrations (version, name) VALUES (@version, @name)";

    /// <summary>Applies the embedded migrations <paramref name="schema"/> lacks, oldest first, each in its own transaction.</summary>
    /// <exception cref="ArgumentException"><paramref name="schema"/> is not a valid schema name.</exception>
    public static async Task MigrateAsync(NpgsqlDataSource dataSource, string schema = PostgresMetadataStoreOptions.DefaultSchema, CancellationToken ct = default)
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
            var applied = await AppliedVersionsAsync(connection, quoted, ct);
            foreach (var migration in Migration.Embedded.Where(m => !applied.Contains(m.Version)))
            {
                await using var transaction = await connection.BeginTransactionAsync(ct);
                await ExecuteAsync(connection, SchemaName.Substitute(migration.Sql, quoted), ct);
                await ExecuteAsync(connection, SchemaName.Substitute(InsertApplied, quoted), ct, ("version", migration.Version), ("name", migration.Name));
                await transaction.CommitAsync(ct);
            }
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

    private static async Task<HashSet<int>> AppliedVersionsAsync(NpgsqlConnection connection, string quoted, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(SchemaName.Substitute(SelectApplied, quoted), connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var versions = new HashSet<int>();
        while (await reader.ReadAsync(ct))
        {
            versions.Add(reader.GetInt32(0));
        }

        return versions;
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
