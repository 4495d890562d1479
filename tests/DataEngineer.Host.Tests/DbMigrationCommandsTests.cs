using System.Text.Json;
using DataEngineer.Postgres.Metadata;
using DataEngineer.Testing;
using Npgsql;
using Xunit;

namespace DataEngineer.Host.Tests;

/// <summary>
/// Safe upgrades against real PostgreSQL: only <c>db migrate</c> changes the schema; every other verb and role refuses
/// a schema that is not this binary's (unmigrated, older, newer, edited) with a message naming the fix, and
/// <c>db check-migrations</c> reports without changing anything.
/// </summary>
public sealed class DbMigrationCommandsTests : IAsyncLifetime
{
    private readonly List<PostgresDatabaseFixture> _databases = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var database in _databases)
        {
            await database.DisposeAsync();
        }
    }

    [Fact]
    public async Task Verb_OnAnUnmigratedDatabase_RefusesWithExitOneNamingDbMigrate_AndCreatesNothing()
    {
        var settings = await NewDatabaseAsync();

        var result = await CliHarness.RunAsync(settings, "runs", "list", "sales_report");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("has not been created yet. Run 'dataengineer db migrate' with this version first", result.Error, StringComparison.Ordinal);
        Assert.False(result.HasStackTrace, result.Error);
        Assert.Equal(0L, await ScalarAsync(settings, "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'dataengineer%'"));
    }

    [Theory]
    [InlineData("scheduler")]
    [InlineData("worker")]
    [InlineData("webserver")]
    public async Task Role_OnAnUnmigratedDatabase_RefusesToStart_AndCreatesNothing(string role)
    {
        var settings = await NewDatabaseAsync();

        var result = await CliHarness.RunAsync(settings, role);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Run 'dataengineer db migrate'", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("is running", result.Out, StringComparison.Ordinal);
        Assert.Equal(0L, await ScalarAsync(settings, "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'dataengineer%'"));
    }

    [Fact]
    public async Task DbMigrate_AppliesEachMigrationOnce_ThenCheckPassesAndVerbsWork()
    {
        var settings = await NewDatabaseAsync();

        var first = await CliHarness.RunAsync(settings, "db", "migrate");
        var second = await CliHarness.RunAsync(settings, "db", "migrate");
        var check = await CliHarness.RunAsync(settings, "db", "check-migrations");
        var json = await CliHarness.RunAsync(settings, "db", "check-migrations", "-o", "json");
        var verb = await CliHarness.RunAsync(settings, "runs", "list", "sales_report");

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("Applied 0001_metadata.", first.Out, StringComparison.Ordinal);
        Assert.Contains("is up to date.", first.Out, StringComparison.Ordinal);
        Assert.Contains("Installed Hangfire's schema dataengineer_hangfire.", first.Out, StringComparison.Ordinal);
        Assert.Contains("Installed Quartz's schema dataengineer_quartz.", first.Out, StringComparison.Ordinal);
        // Hangfire.PostgreSql's installer recorded its newest version; Quartz's tables are there.
        Assert.True((int)(await ScalarAsync(settings, "SELECT max(version) FROM dataengineer_hangfire.schema"))! >= 23);
        Assert.True((long)(await ScalarAsync(settings, "SELECT count(*) FROM pg_tables WHERE schemaname = 'dataengineer_quartz' AND tablename LIKE 'qrtz\\_%'"))! >= 11);
        Assert.Equal(0, second.ExitCode);
        Assert.DoesNotContain("Applied", second.Out, StringComparison.Ordinal);
        Assert.Equal(0, check.ExitCode);
        Assert.Contains("0001_metadata", check.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("pending", check.Out, StringComparison.Ordinal);
        Assert.Equal(0, json.ExitCode);
        var document = JsonDocument.Parse(json.Out).RootElement;
        Assert.True(document.GetProperty("up_to_date").GetBoolean());
        Assert.All(document.GetProperty("migrations").EnumerateArray(), m => Assert.Equal("applied", m.GetProperty("state").GetString()));
        Assert.Equal(0, verb.ExitCode);
    }

    [Theory]
    [InlineData("scheduler")]
    [InlineData("worker")]
    [InlineData("webserver")]
    public async Task Role_MetadataMigratedButNoHangfireOrQuartzSchema_RefusesToStart_AndCreatesNeither(string role)
    {
        var settings = await NewDatabaseAsync();
        await using (var dataSource = NpgsqlDataSource.Create(settings["ConnectionStrings:Metadata"]!))
        {
            await SchemaMigrator.MigrateAsync(dataSource);
        }

        var result = await CliHarness.RunAsync(settings, role);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Hangfire's schema dataengineer_hangfire in ", result.Error, StringComparison.Ordinal);
        Assert.Contains("Quartz's schema dataengineer_quartz in ", result.Error, StringComparison.Ordinal);
        Assert.Contains("has not been created yet. Run 'dataengineer db migrate' with this version first", result.Error, StringComparison.Ordinal);
        Assert.False(result.HasStackTrace, result.Error);
        Assert.DoesNotContain("is running", result.Out, StringComparison.Ordinal);
        Assert.Equal(0L, await ScalarAsync(settings, "SELECT count(*) FROM pg_namespace WHERE nspname IN ('dataengineer_hangfire', 'dataengineer_quartz')"));
    }

    [Fact]
    public async Task CheckMigrations_NoHangfireOrQuartzSchema_ListsThemPendingAndExitsOne_UntilDbMigrateInstallsThem()
    {
        var settings = await NewDatabaseAsync();
        await using (var dataSource = NpgsqlDataSource.Create(settings["ConnectionStrings:Metadata"]!))
        {
            await SchemaMigrator.MigrateAsync(dataSource);
        }

        var before = await CliHarness.RunAsync(settings, "db", "check-migrations", "-o", "json");
        var migrate = await CliHarness.RunAsync(settings, "db", "migrate");
        var after = await CliHarness.RunAsync(settings, "db", "check-migrations", "-o", "json");

        Assert.Equal(1, before.ExitCode);
        Assert.Contains("Run 'dataengineer db migrate'", before.Error, StringComparison.Ordinal);
        var pending = JsonDocument.Parse(before.Out).RootElement;
        Assert.False(pending.GetProperty("up_to_date").GetBoolean());
        Assert.Equal(["hangfire pending", "quartz pending"], pending.GetProperty("job_stores").EnumerateArray().Select(s => $"{s.GetProperty("library")} {s.GetProperty("state")}"));
        Assert.Equal(0, migrate.ExitCode);
        Assert.DoesNotContain("Applied 0001", migrate.Out, StringComparison.Ordinal);
        Assert.Contains("Installed Hangfire's schema dataengineer_hangfire.", migrate.Out, StringComparison.Ordinal);
        Assert.Contains("Installed Quartz's schema dataengineer_quartz.", migrate.Out, StringComparison.Ordinal);
        Assert.Equal(0, after.ExitCode);
        Assert.All(JsonDocument.Parse(after.Out).RootElement.GetProperty("job_stores").EnumerateArray(), s => Assert.Equal("applied", s.GetProperty("state").GetString()));
    }

    [Fact]
    public async Task HangfireSchemaNewerThanTheBinary_RolesAndMigrateRefuse_NamingIt()
    {
        var settings = await NewDatabaseAsync();
        Assert.Equal(0, (await CliHarness.RunAsync(settings, "db", "migrate")).ExitCode);
        await ScalarAsync(settings, "INSERT INTO dataengineer_hangfire.schema (version) VALUES (999)");

        var role = await CliHarness.RunAsync(settings, "worker");
        var migrate = await CliHarness.RunAsync(settings, "db", "migrate");

        foreach (var result in new[] { role, migrate })
        {
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("This binary is older than Hangfire's schema dataengineer_hangfire", result.Error, StringComparison.Ordinal);
            Assert.Contains("is at version 999", result.Error, StringComparison.Ordinal);
            Assert.False(result.HasStackTrace, result.Error);
        }
    }

    [Fact]
    public async Task CheckMigrations_Unmigrated_ListsPendingAndExitsOne_WithoutMigrating()
    {
        var settings = await NewDatabaseAsync();

        var result = await CliHarness.RunAsync(settings, "db", "check-migrations");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("0001_metadata", result.Out, StringComparison.Ordinal);
        Assert.Contains("pending", result.Out, StringComparison.Ordinal);
        Assert.Contains("Run 'dataengineer db migrate'", result.Error, StringComparison.Ordinal);
        Assert.Equal(0L, await ScalarAsync(settings, "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'dataengineer%'"));
    }

    [Fact]
    public async Task CheckMigrationsWait_ReturnsZeroOnceSomeoneMigrates()
    {
        var settings = await NewDatabaseAsync();

        // As an init container waits while the release's migration job runs.
        var waiting = CliHarness.RunAsync(settings, "db", "check-migrations", "--wait", "120");
        Assert.Equal(0, (await CliHarness.RunAsync(settings, "db", "migrate")).ExitCode);
        var result = await waiting;

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("is up to date.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SchemaNewerThanTheBinary_VerbsRolesAndMigrateRefuse_NamingTheMigration()
    {
        var settings = await NewDatabaseAsync();
        Assert.Equal(0, (await CliHarness.RunAsync(settings, "db", "migrate")).ExitCode);
        await ScalarAsync(settings, "INSERT INTO dataengineer.schema_migrations (version, name, checksum) VALUES (9999, 'from_the_future', 'abc')");

        var verb = await CliHarness.RunAsync(settings, "runs", "list", "sales_report");
        var role = await CliHarness.RunAsync(settings, "scheduler");
        var migrate = await CliHarness.RunAsync(settings, "db", "migrate");
        var check = await CliHarness.RunAsync(settings, "db", "check-migrations");

        foreach (var result in new[] { verb, role, migrate, check })
        {
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("This binary is older than the metadata schema", result.Error, StringComparison.Ordinal);
            Assert.Contains("9999_from_the_future", result.Error, StringComparison.Ordinal);
            Assert.False(result.HasStackTrace, result.Error);
        }

        Assert.Contains("unknown", check.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditedAppliedMigration_DbMigrateRefuses_AndCheckShowsItChanged()
    {
        var settings = await NewDatabaseAsync();
        Assert.Equal(0, (await CliHarness.RunAsync(settings, "db", "migrate")).ExitCode);
        await ScalarAsync(settings, "UPDATE dataengineer.schema_migrations SET checksum = repeat('0', 64) WHERE version = 1");

        var migrate = await CliHarness.RunAsync(settings, "db", "migrate");
        var check = await CliHarness.RunAsync(settings, "db", "check-migrations");

        Assert.Equal(1, migrate.ExitCode);
        Assert.Contains("Applied migration 0001_metadata in", migrate.Error, StringComparison.Ordinal);
        Assert.Contains("an applied migration was edited", migrate.Error, StringComparison.Ordinal);
        Assert.Equal(1, check.ExitCode);
        Assert.Contains("changed", check.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthCheck_OnAnUnmigratedDatabase_IsUnhealthy_AndCreatesNothing()
    {
        var settings = await NewDatabaseAsync();

        var result = await CliHarness.RunAsync(settings, "health", "check", "--role", "worker");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("unhealthy: the metadata schema does not exist yet", result.Error, StringComparison.Ordinal);
        Assert.Equal(0L, await ScalarAsync(settings, "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'dataengineer%'"));
    }

    [Theory]
    [InlineData(new[] { "--wait", "-5" }, "--wait -5: give a number of seconds between 0 and 86400.")]
    [InlineData(new[] { "--wait", "soon" }, "--wait 'soon' is not a whole number")]
    [InlineData(new[] { "-o", "yaml" }, "'yaml'")]
    public async Task CheckMigrations_GarbageOption_ExitsTwoWithAClearMessage(string[] options, string expected)
    {
        var result = await CliHarness.RunAsync(new Dictionary<string, string?>(), ["db", "check-migrations", .. options]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.False(result.HasStackTrace, result.Error);
    }

    private async Task<Dictionary<string, string?>> NewDatabaseAsync()
    {
        var database = new PostgresDatabaseFixture();
        _databases.Add(database);
        await database.InitializeAsync();
        return new Dictionary<string, string?> { ["ConnectionStrings:Metadata"] = database.ConnectionString, ["DataEngineer:DagsFolder"] = "" };
    }

    private static async Task<object?> ScalarAsync(Dictionary<string, string?> settings, string sql)
    {
        await using var dataSource = NpgsqlDataSource.Create(settings["ConnectionStrings:Metadata"]!);
        await using var command = dataSource.CreateCommand(sql);
        return await command.ExecuteScalarAsync();
    }
}
