using System.Text.Json;
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
