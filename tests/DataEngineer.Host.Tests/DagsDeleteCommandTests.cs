using System.Text.Json;
using DataEngineer.Execution.Hosting;
using DataEngineer.Postgres.Metadata;
using DataEngineer.Testing;
using DataEngineer.Testing.Retention;
using Npgsql;
using Xunit;

namespace DataEngineer.Host.Tests;

/// <summary>
/// <c>dags delete</c> end to end on real PostgreSQL: a DAG with history loses every row naming it (runs, tries, logs,
/// XCom, backfills, the DAG itself) and nothing of another DAG's; it is audited; a running DAG, an unknown DAG, a
/// malformed id and a missing --yes are refused with a clear message.
/// </summary>
public sealed class DagsDeleteCommandTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset Day = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);
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
    public async Task Delete_ADagWithHistory_DeletesEveryRowNamingIt_KeepsTheOtherDag_AndIsAudited()
    {
        var prefix = Guid.NewGuid().ToString("N")[..8];
        var (doomed, kept) = ($"{prefix}_doomed", $"{prefix}_kept");
        foreach (var dag in new[] { doomed, kept })
        {
            await _history.DagAsync(dag, Day);
            await _history.RunAsync(dag, $"{dag}_1", "success", Day, Day.AddHours(1), tasks: 3, logsPerTask: 4);
            await _history.RunAsync(dag, $"{dag}_2", "failed", Day.AddDays(1), Day.AddDays(1).AddHours(1), tasks: 3, logsPerTask: 4);
        }

        var keptBefore = await CountsAsync(kept);

        var result = await CliHarness.RunAsync(Settings, "dags", "delete", doomed, "--yes", "-o", "json");

        Assert.Equal(0, result.ExitCode);
        Assert.False(result.HasStackTrace, result.Error);
        var tables = JsonDocument.Parse(result.Out).RootElement.GetProperty("tables");
        Assert.Equal(2, tables.GetProperty("dag_runs").GetInt64());
        Assert.Equal(6, tables.GetProperty("task_instances").GetInt64());
        Assert.Equal(6, tables.GetProperty("task_tries").GetInt64());
        Assert.Equal(24, tables.GetProperty("task_logs").GetInt64());
        Assert.Equal(6, tables.GetProperty("xcom").GetInt64());
        Assert.Equal(1, tables.GetProperty("backfills").GetInt64());
        Assert.Equal(1, tables.GetProperty("dags").GetInt64());
        Assert.Contains("the next scan brings the DAG back", result.Error, StringComparison.Ordinal);
        Assert.All((await CountsAsync(doomed)).Values, rows => Assert.Equal(0L, rows));
        Assert.Equal(keptBefore, await CountsAsync(kept));
        await using var audit = _dataSource.CreateCommand("SELECT actor || ' ' || detail FROM dataengineer.audit_log WHERE action = 'dag.delete' AND target = @dag");
        audit.Parameters.AddWithValue("dag", doomed);
        var entry = (string?)await audit.ExecuteScalarAsync();
        Assert.NotNull(entry);
        Assert.StartsWith($"cli:{Environment.UserName} ", entry, StringComparison.Ordinal);
        Assert.Contains("dag_runs=2", entry, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_WhileATaskRuns_IsRefused_AndDeletesNothing()
    {
        var dag = $"{Guid.NewGuid().ToString("N")[..8]}_busy";
        await _history.DagAsync(dag, Day);
        await _history.RunAsync(dag, $"{dag}_1", "success", Day, Day.AddHours(1));
        await _history.RunAsync(dag, $"{dag}_2", "running", Day.AddDays(1), endedAt: null);
        var before = await CountsAsync(dag);

        var result = await CliHarness.RunAsync(Settings, "dags", "delete", dag, "--yes");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"DAG '{dag}' has 2 task instance(s) running", result.Error, StringComparison.Ordinal);
        Assert.False(result.HasStackTrace, result.Error);
        Assert.Equal(before, await CountsAsync(dag));
    }

    [Theory]
    [InlineData(new[] { "no_such_dag", "--yes" }, "No DAG 'no_such_dag' is known to the metadata database")]
    [InlineData(new[] { "bad id!", "--yes" }, "'bad id!' is not a DAG id")]
    [InlineData(new[] { "any_dag" }, "add --yes to confirm")]
    [InlineData(new[] { "any_dag", "--yes", "-o", "yaml" }, "'yaml'")]
    public async Task Delete_GarbageOrUnknown_ExitsTwoWithAClearMessage(string[] arguments, string expected)
    {
        var result = await CliHarness.RunAsync(Settings, ["dags", "delete", .. arguments]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.False(result.HasStackTrace, result.Error);
    }

    private async Task<Dictionary<string, long>> CountsAsync(string dagId)
    {
        var counts = new Dictionary<string, long>();
        foreach (var table in new[] { "dags", "dag_runs", "task_instances", "task_tries", "task_logs", "xcom", "check_results", "task_statements", "backfills" })
        {
            await using var command = _dataSource.CreateCommand($"SELECT count(*) FROM dataengineer.{table} WHERE dag_id = @dag");
            command.Parameters.AddWithValue("dag", dagId);
            counts[table] = (long)(await command.ExecuteScalarAsync())!;
        }

        return counts;
    }
}
