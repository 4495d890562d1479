using System.Text.Json;
using DataEngineer.Execution.Hosting;
using DataEngineer.Postgres.Metadata;
using DataEngineer.Testing;
using DataEngineer.Testing.Retention;
using Npgsql;
using Xunit;

namespace DataEngineer.Host.Tests;

/// <summary><c>db clean</c> end to end on real PostgreSQL: a dry run counts and changes nothing, a confirmed one deletes exactly the old rows and is audited; garbage is refused with exit 2.</summary>
public sealed class DbCleanCommandTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private NpgsqlDataSource _dataSource = null!;
    private MetadataHistory _history = null!;

    private Dictionary<string, string?> Settings => new() { ["ConnectionStrings:Metadata"] = database.ConnectionString, ["DataEngineer:DagsFolder"] = "" };

    public async Task InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        await SchemaMigrator.MigrateAsync(_dataSource);
        await JobStoreSchemas.InstallAsync(database.ConnectionString);
        _history = new MetadataHistory(_dataSource, PostgresMetadataStoreOptions.DefaultSchema);
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    [Fact]
    public async Task DryRunThenClean_CountsFirst_ThenDeletesExactlyThoseRows_AndIsAudited()
    {
        var old = DateTimeOffset.UtcNow.AddDays(-200);
        var day = new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var prefix = Guid.NewGuid().ToString("N")[..8];
        await _history.RunAsync($"{prefix}_dag", $"{prefix}_old", "success", day, old);
        await _history.RunAsync($"{prefix}_dag", $"{prefix}_running", "running", day.AddDays(1), endedAt: null);
        await _history.RunAsync($"{prefix}_dag", $"{prefix}_latest", "failed", day.AddDays(2), old);
        var runsBefore = await _history.CountAsync("dag_runs");

        var dry = await CliHarness.RunAsync(Settings, "db", "clean", "--older-than", "90d", "--dry-run", "-o", "json");
        Assert.Equal(0, dry.ExitCode);
        var counted = JsonDocument.Parse(dry.Out).RootElement;
        Assert.True(counted.GetProperty("dry_run").GetBoolean());
        Assert.Equal(1, counted.GetProperty("tables").GetProperty("dag_runs").GetInt64());
        Assert.Equal(4, counted.GetProperty("tables").GetProperty("task_logs").GetInt64());
        Assert.Contains("nothing was changed", dry.Error, StringComparison.Ordinal);
        Assert.Equal(runsBefore, await _history.CountAsync("dag_runs"));

        var clean = await CliHarness.RunAsync(Settings, "db", "clean", "--older-than", "90d", "--yes");

        Assert.Equal(0, clean.ExitCode);
        Assert.Matches(@"dag_runs\s*│\s*1\b", clean.Out);
        Assert.Contains("Deleted ", clean.Error, StringComparison.Ordinal);
        Assert.Equal(runsBefore - 1, await _history.CountAsync("dag_runs"));
        Assert.DoesNotContain($"{prefix}_old", await _history.RunIdsAsync());
        Assert.Contains($"{prefix}_running", await _history.RunIdsAsync());
        Assert.Contains($"{prefix}_latest", await _history.RunIdsAsync());
        await using var audit = _dataSource.CreateCommand("SELECT actor || ' ' || detail FROM dataengineer.audit_log WHERE action = 'db.clean' ORDER BY id DESC LIMIT 1");
        var entry = (string?)await audit.ExecuteScalarAsync();
        Assert.StartsWith($"cli:{Environment.UserName} older_than=", entry, StringComparison.Ordinal);
        Assert.Contains(" keep_last=1 ", entry, StringComparison.Ordinal);
        Assert.Contains("dag_runs=1 task_instances=2", entry, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clean_OneDag_DeletesOnlyThatDagsOldRuns_AndIsAuditedOnTheDag()
    {
        var old = DateTimeOffset.UtcNow.AddDays(-200);
        var day = new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var prefix = Guid.NewGuid().ToString("N")[..8];
        foreach (var dag in new[] { $"{prefix}_a", $"{prefix}_b" })
        {
            await _history.RunAsync(dag, $"{dag}_old", "success", day, old);
            await _history.RunAsync(dag, $"{dag}_latest", "success", day.AddDays(1), old);
        }

        var clean = await CliHarness.RunAsync(Settings, "db", "clean", "--older-than", "90d", "--dag", $"{prefix}_a", "--yes", "-o", "json");

        Assert.True(clean.ExitCode == 0, clean.Error);
        Assert.Equal(1, JsonDocument.Parse(clean.Out).RootElement.GetProperty("tables").GetProperty("dag_runs").GetInt64());
        var runs = await _history.RunIdsAsync();
        Assert.DoesNotContain($"{prefix}_a_old", runs);
        Assert.Contains($"{prefix}_a_latest", runs);
        Assert.Contains($"{prefix}_b_old", runs);
        await using var audit = _dataSource.CreateCommand("SELECT target || ' ' || detail FROM dataengineer.audit_log WHERE action = 'db.clean' ORDER BY id DESC LIMIT 1");
        var entry = (string?)await audit.ExecuteScalarAsync();
        Assert.StartsWith($"{prefix}_a older_than=", entry, StringComparison.Ordinal);
        Assert.Contains($" dag={prefix}_a dag_runs=1 ", entry, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--older-than", "soon" }, "--older-than 'soon' is not an age or a date: give an age such as 90d, 12h, 30m or 2w")]
    [InlineData(new[] { "--older-than", "0d" }, "--older-than '0d' is not an age or a date")]
    [InlineData(new[] { "--older-than", "-5d" }, "--older-than '-5d' is not an age or a date")]
    [InlineData(new[] { "--older-than", "90 days" }, "--older-than '90 days' is not an age or a date")]
    [InlineData(new[] { "--older-than", "9999999d" }, "--older-than '9999999d' reaches back before 1970")]
    [InlineData(new[] { "--older-than", "2999-01-01" }, "--older-than '2999-01-01' is 2999-01-01T00:00:00Z, not in the past")]
    [InlineData(new[] { "--older-than", "2024-13-45" }, "--older-than '2024-13-45' is not an age or a date")]
    [InlineData(new[] { "--older-than", "90d" }, "db clean deletes metadata for good: add --yes to confirm, or --dry-run to see what it would delete.")]
    [InlineData(new string[0], "Option '--older-than' is required.")]
    [InlineData(new[] { "--older-than", "90d", "--keep-last", "0", "--dry-run" }, "--keep-last 0: give a number of runs between 1 and 10000 (each DAG's latest run is always kept).")]
    [InlineData(new[] { "--older-than", "90d", "--keep-last", "all", "--dry-run" }, "--keep-last 'all' is not a whole number")]
    [InlineData(new[] { "--older-than", "90d", "--dry-run", "-o", "xml" }, "'xml'")]
    [InlineData(new[] { "--older-than", "90d", "--dry-run", "--dag", "a b" }, "--dag 'a b' is not a DAG id: 1 to 250 letters, digits, '_', '-' or '.'")]
    [InlineData(new[] { "--older-than", "90d", "--dry-run", "--dag", "" }, "--dag '' is not a DAG id")]
    public async Task Clean_GarbageInput_ExitsTwoWithAClearMessage_AndDeletesNothing(string[] options, string expected)
    {
        var runsBefore = await _history.CountAsync("dag_runs");

        var result = await CliHarness.RunAsync(Settings, ["db", "clean", .. options]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.False(result.HasStackTrace, result.Error);
        Assert.Equal(runsBefore, await _history.CountAsync("dag_runs"));
    }
}
