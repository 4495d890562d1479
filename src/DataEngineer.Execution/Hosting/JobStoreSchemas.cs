using DataEngineer.Execution.Hangfire;
using DataEngineer.Execution.Quartz;
using DataEngineer.Postgres.Metadata;
using Npgsql;

namespace DataEngineer.Execution.Hosting;

/// <summary>
/// Hangfire's and Quartz's schemas in the metadata database. Like the metadata migrations, only <c>db migrate</c> (and
/// standalone on its own managed cluster) installs or upgrades them; every other process reads them at start, changes
/// nothing, and refuses to go on unless both are this binary's (no DDL at start, which several processes starting at
/// once would otherwise contend on).
/// </summary>
public static class JobStoreSchemas
{
    // One key for every process: several db migrate at once take turns and the later ones find nothing to do.
    private const string LockKey = "hashtextextended('dataengineer job store schemas', 0)";

    /// <summary>Hangfire's and Quartz's schemas as they stand, read without changing anything.</summary>
    public static async Task<IReadOnlyList<JobStoreSchema>> ReadAsync(NpgsqlDataSource dataSource, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return [await HangfireSchema.ReadAsync(connection, ct), await QuartzSchema.ReadAsync(connection, ct)];
    }

    /// <summary>
    /// Installs or upgrades what is missing or older, and returns those schemas as they were before (empty when both
    /// were current).
    /// </summary>
    /// <exception cref="SchemaVersionException">A schema is newer than this binary; nothing is changed.</exception>
    public static async Task<IReadOnlyList<JobStoreSchema>> InstallAsync(string connectionString, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({LockKey})", ct);
        try
        {
            var before = new[] { await HangfireSchema.ReadAsync(connection, ct), await QuartzSchema.ReadAsync(connection, ct) };
            if (before.Any(s => s.State == SchemaMigrationState.Unknown))
            {
                var database = new NpgsqlConnectionStringBuilder(connectionString);
                throw new SchemaVersionException(Problem(before, $"{database.Host}:{database.Port}/{database.Database}")!);
            }

            if (before[0].State == SchemaMigrationState.Pending)
            {
                HangfireSchema.Install(connection);
            }

            if (before[1].State == SchemaMigrationState.Pending)
            {
                await QuartzSchema.InstallAsync(connection, connectionString, ct);
            }

            return [.. before.Where(s => s.State == SchemaMigrationState.Pending)];
        }
        finally
        {
            // Not the caller's token: a cancelled install must still release the lock before the connection is closed.
            if (connection.State == System.Data.ConnectionState.Open)
            {
                await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
            }
        }
    }

    /// <summary>What is wrong with the schemas for this binary, in the words of the metadata schema's check, or null when both are current.</summary>
    public static string? Problem(IReadOnlyList<JobStoreSchema> schemas, string where)
    {
        ArgumentNullException.ThrowIfNull(schemas);
        if (schemas.FirstOrDefault(s => s.State == SchemaMigrationState.Unknown) is { } newer)
        {
            return $"This binary is older than {newer.Label} in {where}, which {newer.Detail}. Upgrade dataengineer to the version that "
                + "installed it (or newer); an older binary must not run against a newer schema.";
        }

        var pending = schemas.Where(s => s.State != SchemaMigrationState.Applied).ToList();
        return pending.Count == 0
            ? null
            : $"{string.Join(" and ", pending.Select(s => $"{s.Label} in {where} {s.Detail}"))}. Run 'dataengineer db migrate' with this "
                + "version first ('dataengineer db check-migrations' lists what it would apply).";
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
