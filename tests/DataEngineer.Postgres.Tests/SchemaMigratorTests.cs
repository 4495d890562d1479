using DataEngineer.Postgres.Metadata;
using DataEngineer.Testing;
using Npgsql;

namespace DataEngineer.Postgres.Tests;

public sealed class SchemaMigratorTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private static readonly string[] MetadataTables = ["alerts", "audit_log", "backfill_runs", "backfills", "check_results", "dag_runs", "dag_versions", "dags", "data_protection_keys", "dataset_catalog", "dataset_consumers", "dataset_events", "dataset_lineage", "dataset_schemas", "dataset_triggers", "dataset_writes", "datasets", "deadline_misses", "engine_processes", "import_errors", "pools", "quality_events", "schema_migrations", "slot_counters", "task_instances", "task_logs", "task_statements", "task_tries", "variables", "watermarks", "web_session_stamps", "web_users", "xcom"];

    [Fact]
    public async Task MigrateAsync_NewSchema_CreatesTheTablesAndTheDefaultPool()
    {
        var schema = NewSchema();
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);

        await SchemaMigrator.MigrateAsync(dataSource, schema);

        Assert.Equal(MetadataTables, await TablesAsync(dataSource, schema));
        Assert.Equal(128, await ScalarAsync(dataSource, $"SELECT slots FROM {schema}.pools WHERE name = 'default_pool'"));
    }

    [Fact]
    public async Task MigrateAsync_Twice_RecordsEachVersionOnce()
    {
        var schema = NewSchema();
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);

        await SchemaMigrator.MigrateAsync(dataSource, schema);
        var firstAppliedAt = await ScalarAsync(dataSource, $"SELECT max(applied_at) FROM {schema}.schema_migrations");
        await SchemaMigrator.MigrateAsync(dataSource, schema);

        Assert.Equal(Migration.Embedded.Select(m => m.Version), await VersionsAsync(dataSource, schema));
        Assert.Equal(firstAppliedAt, await ScalarAsync(dataSource, $"SELECT max(applied_at) FROM {schema}.schema_migrations"));
        Assert.Equal(1L, await ScalarAsync(dataSource, $"SELECT count(*) FROM {schema}.pools"));
    }

    [Fact]
    public async Task MigrateAsync_SixProcessesAtOnce_AllSucceedWithOneSetOfTables()
    {
        var schema = NewSchema();
        var dataSources = Enumerable.Range(0, 6).Select(_ => NpgsqlDataSource.Create(database.ConnectionString)).ToList();
        try
        {
            await Task.WhenAll(dataSources.Select(d => Task.Run(() => SchemaMigrator.MigrateAsync(d, schema))));

            Assert.Equal(MetadataTables, await TablesAsync(dataSources[0], schema));
            Assert.Equal(Migration.Embedded.Select(m => m.Version), await VersionsAsync(dataSources[0], schema));
            Assert.Equal(1L, await ScalarAsync(dataSources[0], $"SELECT count(*) FROM {schema}.pools"));
        }
        finally
        {
            foreach (var dataSource in dataSources)
            {
                await dataSource.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task MigrateAsync_KeywordSchemaName_IsQuotedAndWorks()
    {
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);

        await SchemaMigrator.MigrateAsync(dataSource, "user");

        Assert.Equal(MetadataTables, await TablesAsync(dataSource, "user"));
    }

    [Fact]
    public async Task MigrateAsync_RoleOwningAPreparedSchemaButNotAllowedToCreateSchemas_Migrates()
    {
        var schema = NewSchema();
        var role = "r_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = NpgsqlDataSource.Create(database.ConnectionString))
        {
            await using var prepare = admin.CreateCommand($"CREATE ROLE {role} LOGIN PASSWORD 'secret'; CREATE SCHEMA {schema} AUTHORIZATION {role}");
            await prepare.ExecuteNonQueryAsync();
        }

        var asRole = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = role, Password = "secret" };
        await using var dataSource = NpgsqlDataSource.Create(asRole);

        await SchemaMigrator.MigrateAsync(dataSource, schema);

        Assert.Equal(MetadataTables, await TablesAsync(dataSource, schema));
    }

    [Fact]
    public async Task MigrateAsync_HostileSchemaName_ThrowsArgumentExceptionNamingTheRule_AndRunsNoSql()
    {
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        await using (var create = dataSource.CreateCommand("CREATE TABLE IF NOT EXISTS public.y (id int)"))
        {
            await create.ExecuteNonQueryAsync();
        }

        var error = await Assert.ThrowsAsync<ArgumentException>(() => SchemaMigrator.MigrateAsync(dataSource, "x\"; DROP TABLE y; --"));

        Assert.Contains("not a valid schema name", error.Message, StringComparison.Ordinal);
        Assert.Contains("^[a-z_][a-z0-9_]{0,62}$", error.Message, StringComparison.Ordinal);
        Assert.Equal(1L, await ScalarAsync(dataSource, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = 'y'"));
    }

    [Theory]
    [InlineData("Upper")]
    [InlineData("1starts_with_digit")]
    [InlineData("pg_reserved")]
    [InlineData("trailing_newline\n")]
    [InlineData("")]
    public async Task MigrateAsync_InvalidSchemaName_ThrowsArgumentException(string schema)
    {
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => SchemaMigrator.MigrateAsync(dataSource, schema));

        Assert.Contains("not a valid schema name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadStatus_SchemaNeverMigrated_HasEveryMigrationPending_AndCreatesNothing()
    {
        var schema = NewSchema();
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);

        var status = await SchemaStatus.ReadAsync(dataSource, schema);

        Assert.False(status.IsCurrent);
        Assert.Equal(Migration.Embedded.Select(m => m.Version), status.InState(SchemaMigrationState.Pending).Select(e => e.Version));
        Assert.Contains("has not been created yet. Run 'dataengineer db migrate'", status.Problem("db1"), StringComparison.Ordinal);
        Assert.Equal(0L, await ScalarAsync(dataSource, $"SELECT count(*) FROM pg_namespace WHERE nspname = '{schema}'"));
    }

    [Fact]
    public async Task MigrateAsync_RecordsTheSha256OfEachFile_AndTheStatusIsCurrent()
    {
        var schema = NewSchema();
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);

        var applied = await SchemaMigrator.MigrateAsync(dataSource, schema);

        Assert.Equal(Migration.Embedded.Select(m => m.Version), applied.Select(m => m.Version));
        foreach (var migration in Migration.Embedded)
        {
            var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(migration.Sql.ReplaceLineEndings("\n"))));
            Assert.Equal(expected, await ScalarAsync(dataSource, $"SELECT checksum FROM {schema}.schema_migrations WHERE version = {migration.Version}"));
        }

        var status = await SchemaStatus.ReadAsync(dataSource, schema);
        Assert.True(status.IsCurrent);
        Assert.Null(status.Problem("db1"));
        Assert.Empty(await SchemaMigrator.MigrateAsync(dataSource, schema));
    }

    [Fact]
    public async Task ReadStatus_OneMigrationNotApplied_IsOlderThanTheBinary_NamingIt()
    {
        var schema = NewSchema();
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        await SchemaMigrator.MigrateAsync(dataSource, schema);
        var last = Migration.Embedded[^1];
        await ScalarAsync(dataSource, $"DELETE FROM {schema}.schema_migrations WHERE version = {last.Version}");

        var status = await SchemaStatus.ReadAsync(dataSource, schema);

        Assert.Equal([last.Version], status.InState(SchemaMigrationState.Pending).Select(e => e.Version));
        var error = Assert.Throws<SchemaVersionException>(() => status.EnsureCurrent("db1"));
        Assert.Equal($"The metadata schema in db1 is older than this binary (migration {last.Version:D4}_{last.Name} pending). Run 'dataengineer db migrate' with this version first ('dataengineer db check-migrations' lists what it would apply).", error.Message);
    }

    [Fact]
    public async Task MigrateAsync_SchemaHasAMigrationThisBinaryLacks_RefusesAsOlderBinary_AndAppliesNothing()
    {
        var schema = NewSchema();
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        await SchemaMigrator.MigrateAsync(dataSource, schema);
        var last = Migration.Embedded[^1];
        await ScalarAsync(dataSource, $"DELETE FROM {schema}.schema_migrations WHERE version = {last.Version}");
        await ScalarAsync(dataSource, $"INSERT INTO {schema}.schema_migrations (version, name, checksum) VALUES (9999, 'from_the_future', 'abc')");

        var error = await Assert.ThrowsAsync<SchemaVersionException>(() => SchemaMigrator.MigrateAsync(dataSource, schema));

        Assert.Contains("This binary is older than the metadata schema in", error.Message, StringComparison.Ordinal);
        Assert.Contains("migration 9999_from_the_future, which this version of dataengineer does not know. Upgrade dataengineer", error.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await ScalarAsync(dataSource, $"SELECT count(*) FROM {schema}.schema_migrations WHERE version = {last.Version}"));
        Assert.Equal([9999], (await SchemaStatus.ReadAsync(dataSource, schema)).InState(SchemaMigrationState.Unknown).Select(e => e.Version));
    }

    [Fact]
    public async Task MigrateAsync_AnAppliedMigrationWasEdited_RefusesNamingIt()
    {
        var schema = NewSchema();
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        await SchemaMigrator.MigrateAsync(dataSource, schema);
        var first = Migration.Embedded[0];
        // As if the file had other text when it was applied: its recorded checksum is not the file's now.
        await ScalarAsync(dataSource, $"UPDATE {schema}.schema_migrations SET checksum = repeat('0', 64) WHERE version = {first.Version}");

        var error = await Assert.ThrowsAsync<SchemaVersionException>(() => SchemaMigrator.MigrateAsync(dataSource, schema));

        Assert.Contains($"Applied migration {first.Version:D4}_{first.Name} in", error.Message, StringComparison.Ordinal);
        Assert.Contains("an applied migration was edited. Restore the original file and put the change in a new migration.", error.Message, StringComparison.Ordinal);
        var status = await SchemaStatus.ReadAsync(dataSource, schema);
        Assert.Equal([first.Version], status.InState(SchemaMigrationState.Changed).Select(e => e.Version));
        Assert.False(status.IsCurrent);
    }

    [Fact]
    public async Task MigrateAsync_HistoryFromBeforeChecksums_IsCurrent_AndGetsTheChecksumsRecorded()
    {
        var schema = NewSchema();
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        await SchemaMigrator.MigrateAsync(dataSource, schema);
        await ScalarAsync(dataSource, $"ALTER TABLE {schema}.schema_migrations DROP COLUMN checksum");

        Assert.True((await SchemaStatus.ReadAsync(dataSource, schema)).IsCurrent);
        Assert.Empty(await SchemaMigrator.MigrateAsync(dataSource, schema));

        Assert.Equal(0L, await ScalarAsync(dataSource, $"SELECT count(*) FROM {schema}.schema_migrations WHERE checksum IS NULL"));
        Assert.Equal(Migration.Embedded[0].Checksum, await ScalarAsync(dataSource, $"SELECT checksum FROM {schema}.schema_migrations WHERE version = {Migration.Embedded[0].Version}"));
    }

    private static string NewSchema() => "m_" + Guid.NewGuid().ToString("N")[..12];

    private static async Task<object?> ScalarAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return await command.ExecuteScalarAsync();
    }

    private static async Task<List<string>> TablesAsync(NpgsqlDataSource dataSource, string schema)
    {
        await using var command = dataSource.CreateCommand("SELECT tablename FROM pg_tables WHERE schemaname = $1 ORDER BY tablename COLLATE \"C\"");
        command.Parameters.Add(new NpgsqlParameter { Value = schema });
        await using var reader = await command.ExecuteReaderAsync();
        var tables = new List<string>();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    private static async Task<List<int>> VersionsAsync(NpgsqlDataSource dataSource, string schema)
    {
        await using var command = dataSource.CreateCommand($"SELECT version FROM {schema}.schema_migrations ORDER BY version");
        await using var reader = await command.ExecuteReaderAsync();
        var versions = new List<int>();
        while (await reader.ReadAsync())
        {
            versions.Add(reader.GetInt32(0));
        }

        return versions;
    }
}
