using System.Text.Json;
using DataEngineer.Execution.Hosting;
using DataEngineer.Postgres.Metadata;
using DataEngineer.Testing;
using DataEngineer.Testing.Retention;
using Npgsql;
using Xunit;

namespace DataEngineer.Host.Tests;

/// <summary>The operations verbs against real PostgreSQL: <c>pools list|set</c>, <c>tasks state</c>, <c>config list</c> and the one <c>-o table|json</c> option.</summary>
public sealed class OpsCommandsTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
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
    public async Task PoolsSetThenList_ShowsSlotsAndUse_AndTheChangeIsAudited()
    {
        var pool = "p_" + Guid.NewGuid().ToString("N")[..8];
        var dag = "d_" + Guid.NewGuid().ToString("N")[..8];
        await _history.RunAsync(dag, "manual__1", "running", DateTimeOffset.UtcNow.AddDays(-1), endedAt: null, tasks: 3);
        await using (var move = _dataSource.CreateCommand($"UPDATE dataengineer.task_instances SET pool = '{pool}' WHERE dag_id = '{dag}' AND task_id IN ('t1', 't2')"))
        {
            await move.ExecuteNonQueryAsync();
        }

        var set = await CliHarness.RunAsync(Settings, "pools", "set", pool, "5");
        var list = await CliHarness.RunAsync(Settings, "pools", "list", "-o", "json");
        var table = await CliHarness.RunAsync(Settings, "pools", "list");

        Assert.Equal(0, set.ExitCode);
        Assert.Contains($"Pool {pool} has 5 slots.", set.Out, StringComparison.Ordinal);
        var listed = JsonDocument.Parse(list.Out).RootElement.EnumerateArray().Single(p => p.GetProperty("name").GetString() == pool);
        Assert.Equal([5, 0, 2, 3], new[] { "slots", "queued", "running", "free" }.Select(k => listed.GetProperty(k).GetInt32()));
        Assert.Matches($@"{pool}\s*│\s*5\s*│\s*0\s*│\s*2\s*│\s*3", table.Out);
        await using var audit = _dataSource.CreateCommand($"SELECT actor || ' ' || detail FROM dataengineer.audit_log WHERE action = 'pool.set' AND target = '{pool}'");
        Assert.Equal($"cli:{Environment.UserName} slots=5 was=none", await audit.ExecuteScalarAsync());
    }

    [Theory]
    [InlineData(new[] { "pools", "set", "bad name", "3" }, "The pool name 'bad name' is not valid: use 1 to 250 letters, digits, '_', '-' or '.'")]
    [InlineData(new[] { "pools", "set", "warehouse", "100001" }, "Pool 'warehouse' cannot have 100001 slots: give a number from 0 (nothing runs in it) to 100000.")]
    [InlineData(new[] { "pools", "set", "warehouse", "many" }, "'many'")]
    [InlineData(new[] { "pools", "list", "-o", "yaml" }, "'yaml'")]
    [InlineData(new[] { "tasks", "state", "manual__nope", "t1", "--dag", "nobody" }, "DAG 'nobody' has no run 'manual__nope'.")]
    [InlineData(new[] { "runs", "list", "x", "--output", "csv" }, "'csv'")]
    [InlineData(new[] { "tasks", "failed-deps", "nobody", "r1", "t1" }, "No DAG 'nobody' is known to the metadata database.")]
    [InlineData(new[] { "tasks", "failed-deps", "bad dag!", "r1", "t1" }, "'bad dag!' is not a DAG id")]
    [InlineData(new[] { "tasks", "failed-deps", "any", "r1", "t1", "-o", "yaml" }, "'yaml'")]
    [InlineData(new[] { "backfill", "list", "-o", "yaml" }, "'yaml'")]
    [InlineData(new[] { "watermarks", "list", "any", "-o", "yaml" }, "'yaml'")]
    [InlineData(new[] { "connections", "list", "-o", "yaml" }, "'yaml'")]
    [InlineData(new[] { "variables", "list", "--output", "csv" }, "'csv'")]
    [InlineData(new[] { "pools", "list", "--dags-folder", "dags" }, "Unrecognized command or argument '--dags-folder'")]
    [InlineData(new[] { "db", "migrate", "--dags-folder", "dags" }, "Unrecognized command or argument '--dags-folder'")]
    public async Task OpsVerb_GarbageInput_ExitsTwoWithAClearMessage(string[] args, string expected)
    {
        var result = await CliHarness.RunAsync(Settings, args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.False(result.HasStackTrace, result.Error);
    }

    [Fact]
    public async Task TasksFailedDeps_ListsTheStateAndTheMissingWorker_AsTableOrJson()
    {
        var dag = "d_" + Guid.NewGuid().ToString("N")[..8];
        await _history.DagAsync(dag, DateTimeOffset.UtcNow.AddDays(-2));
        await _history.RunAsync(dag, "manual__x", "running", DateTimeOffset.UtcNow.AddDays(-1), endedAt: null);
        await using (var queue = _dataSource.CreateCommand($"UPDATE dataengineer.task_instances SET state = 'queued', queue = 'nobody_serves_{dag}' WHERE dag_id = '{dag}' AND task_id = 't2'"))
        {
            await queue.ExecuteNonQueryAsync();
        }

        var json = await CliHarness.RunAsync(Settings, "tasks", "failed-deps", dag, "manual__x", "t2", "-o", "json");
        var table = await CliHarness.RunAsync(Settings, "tasks", "failed-deps", dag, "manual__x", "t1");
        var unknownTask = await CliHarness.RunAsync(Settings, "tasks", "failed-deps", dag, "manual__x", "t9");

        Assert.Equal(0, json.ExitCode);
        var dependencies = JsonDocument.Parse(json.Out).RootElement.GetProperty("dependencies").EnumerateArray().ToList();
        Assert.Equal("state", dependencies[0].GetProperty("check").GetString());
        Assert.StartsWith("queued", dependencies[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains(dependencies, d => d.GetProperty("check").GetString() == "worker" && d.GetProperty("reason").GetString()!.Contains($"no live worker serves queue 'nobody_serves_{dag}'", StringComparison.Ordinal));
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("running (try 1", table.Out, StringComparison.Ordinal);
        Assert.Equal(2, unknownTask.ExitCode);
        Assert.Contains("has no task instance 't9'", unknownTask.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BackfillList_TakesTheOutputOption()
    {
        var dag = "d_" + Guid.NewGuid().ToString("N")[..8];
        await _history.DagAsync(dag, DateTimeOffset.UtcNow.AddDays(-2));

        var json = await CliHarness.RunAsync(Settings, "backfill", "list", dag, "-o", "json");
        var table = await CliHarness.RunAsync(Settings, "backfill", "list", dag);

        Assert.Equal(0, json.ExitCode);
        var backfill = Assert.Single(JsonDocument.Parse(json.Out).RootElement.EnumerateArray());
        Assert.Equal(dag, backfill.GetProperty("dag_id").GetString());
        Assert.Equal("done", backfill.GetProperty("state").GetString());
        Assert.Equal(0, table.ExitCode);
        Assert.Contains(dag, table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TasksState_PrintsTheStateWord_OrJsonWithItsTries()
    {
        var dag = "d_" + Guid.NewGuid().ToString("N")[..8];
        await _history.RunAsync(dag, "scheduled__x", "success", DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow.AddDays(-1));

        var word = await CliHarness.RunAsync(Settings, "tasks", "state", "scheduled__x", "t2", "--dag", dag);
        var json = await CliHarness.RunAsync(Settings, "tasks", "state", "scheduled__x", "t1", "--dag", dag, "-o", "json");
        var unknown = await CliHarness.RunAsync(Settings, "tasks", "state", "scheduled__x", "t9", "--dag", dag);

        Assert.Equal(0, word.ExitCode);
        Assert.Equal("success", word.Out.Trim());
        var state = JsonDocument.Parse(json.Out).RootElement;
        Assert.Equal("success", state.GetProperty("state").GetString());
        Assert.Equal(1, state.GetProperty("try_number").GetInt32());
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains($"Run scheduled__x of {dag} has no task 't9'. Its tasks: t1, t2.", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigList_ShowsSettings_WithEverySecretMasked()
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Metadata"] = "Host=db;Database=meta;Username=de;Password=meta-S3cret",
            ["ConnectionStrings:Broken"] = "garbage;;=broken-S3cret",
            ["DataEngineer:Connections:crm"] = "postgresql://etl:crm-S3cret@crm.example:6543/sales",
            ["DataEngineer:Web:ApiKeys:ci:Key"] = "key-S3cret-0123456789abcdefghij",
            ["DataEngineer:Web:Users:admin:PasswordHash"] = "hash-S3cret",
            ["DataEngineer:Alerts:Channels:mail:Password"] = "smtp-S3cret",
            ["DataEngineer:ZombieTimeoutSeconds"] = "90",
            ["PATH"] = "/usr/bin",
        };

        var table = await CliHarness.RunAsync(settings, "config", "list");
        var json = await CliHarness.RunAsync(settings, "config", "list", "-o", "json");

        Assert.Equal(0, table.ExitCode);
        Assert.DoesNotContain("S3cret", table.Out + json.Out, StringComparison.Ordinal);
        var shown = JsonDocument.Parse(json.Out).RootElement;
        Assert.Equal("Host=db;Database=meta;Username=de;Password=***", shown.GetProperty("ConnectionStrings:Metadata").GetString());
        Assert.Equal("*** (not a valid connection string)", shown.GetProperty("ConnectionStrings:Broken").GetString());
        Assert.Contains("crm.example", shown.GetProperty("DataEngineer:Connections:crm").GetString(), StringComparison.Ordinal);
        Assert.Equal("***", shown.GetProperty("DataEngineer:Web:ApiKeys:ci:Key").GetString());
        Assert.Equal("***", shown.GetProperty("DataEngineer:Web:Users:admin:PasswordHash").GetString());
        Assert.Equal("***", shown.GetProperty("DataEngineer:Alerts:Channels:mail:Password").GetString());
        Assert.Equal("90", shown.GetProperty("DataEngineer:ZombieTimeoutSeconds").GetString());
        Assert.False(shown.TryGetProperty("PATH", out _));
    }

    [Fact]
    public async Task ListVerbs_OutputJson_IsTheSameAsTheirOlderJsonFlag()
    {
        var dag = "d_" + Guid.NewGuid().ToString("N")[..8];
        await _history.RunAsync(dag, "scheduled__y", "failed", DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow.AddDays(-1));
        await using (var register = _dataSource.CreateCommand($"INSERT INTO dataengineer.dags (dag_id, version, time_zone, is_paused, last_seen_at) VALUES ('{dag}', 'v1', 'UTC', true, now())"))
        {
            await register.ExecuteNonQueryAsync();
        }

        var output = await CliHarness.RunAsync(Settings, "runs", "list", dag, "-o", "json");
        var json = await CliHarness.RunAsync(Settings, "runs", "list", dag, "--json");

        Assert.Equal(0, output.ExitCode);
        Assert.Equal(json.Out, output.Out);
        Assert.Equal("scheduled__y", JsonDocument.Parse(output.Out).RootElement.EnumerateArray().Single().GetProperty("run_id").GetString());
    }
}
