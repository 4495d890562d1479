using System.Text.Json;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Execution.Hosting;
using DataEngineer.Postgres.Metadata;
using DataEngineer.Sdk;
using DataEngineer.Testing;
using Npgsql;
using Xunit;

namespace DataEngineer.Host.Tests;

/// <summary><c>datasets list/show</c>, <c>checks list</c> and <c>watermarks list/reset</c> against a real metadata database seeded through the store.</summary>
public sealed class DataQualityCommandsTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private const string RunId = "scheduled__2024-01-01T02:00:00Z";
    private static readonly DateTimeOffset At = new(2024, 1, 2, 2, 5, 0, TimeSpan.Zero);
    private NpgsqlDataSource _dataSource = null!;

    private Dictionary<string, string?> Settings => new() { ["ConnectionStrings:Metadata"] = database.ConnectionString };

    private Task<CliResult> RunAsync(params string[] args) => CliHarness.RunAsync(Settings, args);

    public async Task InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        await SchemaMigrator.MigrateAsync(_dataSource, PostgresMetadataStoreOptions.DefaultSchema);
        await JobStoreSchemas.InstallAsync(database.ConnectionString);
        var store = new PostgresMetadataStore(_dataSource);
        if (await store.GetDatasetAsync("warehouse.fact_orders") is not null)
        {
            return;
        }

        var run = new DagRun
        {
            DagId = "orders_etl", RunId = RunId, Type = DagRunType.Scheduled, DataInterval = new DataInterval(At.AddDays(-1).AddMinutes(-5), At.AddMinutes(-5)),
            ConfJson = "{}", DagVersion = "v1", CreatedAt = At,
        };
        await store.CreateRunAsync(run, [new TaskInstance { DagId = "orders_etl", RunId = RunId, TaskId = "quality_check", MaxTries = 1, Queue = "default", Pool = "default_pool" }]);
        DatasetColumn[] columns = [new("order_id", "bigint"), new("status", "text")];
        DatasetWrite Write(string runId, long rows, DatasetColumn[] cols, DateTimeOffset at) => new()
        {
            Dataset = "warehouse.fact_orders", DagId = "orders_etl", RunId = runId, TaskId = "load_orders", TryNumber = 1, At = at, LogicalDate = at.AddDays(-1),
            RowCount = rows * 10, RowsWritten = rows, DataUpdatedAt = at.AddHours(-3), FreshnessSla = TimeSpan.FromHours(28), Columns = cols,
        };
        await store.RecordTryObservationsAsync(new TryObservations { Writes = [Write("scheduled__2023-12-31T02:00:00Z", 70, columns, At.AddDays(-1))] });
        await store.RecordTryObservationsAsync(new TryObservations
        {
            Writes = [Write(RunId, 42, [.. columns, new("channel", "text")], At)],
            Checks =
            [
                new CheckRecord { DagId = "orders_etl", RunId = RunId, TaskId = "quality_check", TryNumber = 1, Name = "not_null_customer_id", Kind = "not_null", Severity = "error", Target = "warehouse.fact_orders", FailingCount = 0, SampleJson = "[]", At = At },
                new CheckRecord { DagId = "orders_etl", RunId = RunId, TaskId = "quality_check", TryNumber = 1, Name = "accepted_values_status", Kind = "accepted_values", Severity = "warn", Target = "warehouse.fact_orders", FailingCount = 3, SampleJson = """[{"order_id":7,"status":"on_hold"}]""", At = At },
            ],
            Watermarks = [new Watermark("orders_etl", "extract_orders", "source.orders", "2024-01-02T01:59:00Z", RunId, At)],
            Events = [new QualityEvent { Kind = QualityEventKinds.SchemaDrift, Severity = "warn", Dataset = "warehouse.fact_orders", RunId = RunId, Message = "The schema of warehouse.fact_orders changed: added channel text", At = At }],
        });
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    [Fact]
    public async Task DatasetsList_Json_ShowsRowCountFreshnessAndSlaState()
    {
        var result = await RunAsync("datasets", "list", "--json");

        Assert.Equal(0, result.ExitCode);
        var dataset = Assert.Single(JsonDocument.Parse(result.Out).RootElement.EnumerateArray());
        Assert.Equal("warehouse.fact_orders", dataset.GetProperty("name").GetString());
        Assert.Equal(420, dataset.GetProperty("row_count").GetInt64());
        Assert.Equal(28 * 3600, dataset.GetProperty("freshness_sla_seconds").GetInt64());
        Assert.Equal("breached", dataset.GetProperty("sla_state").GetString());  // written in 2024: far older than 28 h now
        Assert.Equal(2, dataset.GetProperty("schema_version").GetInt32());
    }

    [Fact]
    public async Task DatasetsShow_PrintsHistorySchemaVersionsAndEvents()
    {
        var result = await RunAsync("datasets", "show", "warehouse.fact_orders");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Row-count history", result.Out, StringComparison.Ordinal);
        Assert.Contains("scheduled__2023-12-31T02:00:00Z", result.Out, StringComparison.Ordinal);
        Assert.Contains("order_id bigint, status text, channel text", result.Out, StringComparison.Ordinal);
        Assert.Contains("added channel text", result.Out, StringComparison.Ordinal);

        var json = JsonDocument.Parse((await RunAsync("datasets", "show", "warehouse.fact_orders", "--json")).Out).RootElement;
        Assert.Equal([42L, 70L], json.GetProperty("writes").EnumerateArray().Select(w => w.GetProperty("rows_written").GetInt64()));
        Assert.Equal([1, 2], json.GetProperty("schema_versions").EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
    }

    [Fact]
    public async Task ChecksList_ShowsEachResultWithCountAndSample()
    {
        var result = await RunAsync("checks", "list", RunId, "--json");

        Assert.Equal(0, result.ExitCode);
        var checks = JsonDocument.Parse(result.Out).RootElement.EnumerateArray().ToList();
        Assert.Equal(["not_null_customer_id", "accepted_values_status"], checks.Select(c => c.GetProperty("name").GetString()));
        Assert.Equal(3, checks[1].GetProperty("failing_count").GetInt64());
        Assert.Equal("on_hold", checks[1].GetProperty("sample")[0].GetProperty("status").GetString());
        Assert.Contains("3 failing", (await RunAsync("checks", "list", RunId)).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watermarks_ListAndReset()
    {
        Assert.Contains("2024-01-02T01:59:00Z", (await RunAsync("watermarks", "list", "orders_etl")).Out, StringComparison.Ordinal);
        var json = await RunAsync("watermarks", "list", "orders_etl", "-o", "json");
        var mark = Assert.Single(JsonDocument.Parse(json.Out).RootElement.EnumerateArray());
        Assert.Equal(("extract_orders", "2024-01-02T01:59:00Z"), (mark.GetProperty("task_id").GetString(), mark.GetProperty("mark").GetString()));

        var none = await RunAsync("watermarks", "reset", "orders_etl", "--source", "source.nothing");
        Assert.Equal((0, true), (none.ExitCode, none.Out.Contains("nothing reset", StringComparison.Ordinal)));

        var reset = await RunAsync("watermarks", "reset", "orders_etl", "--task", "extract_orders");
        Assert.Equal(0, reset.ExitCode);
        Assert.Contains("Reset 1 watermark of orders_etl.", reset.Out, StringComparison.Ordinal);
        Assert.Empty(await new PostgresMetadataStore(_dataSource).ListWatermarksAsync("orders_etl"));
    }

    [Theory]
    [InlineData(new[] { "datasets", "show" }, "Required argument missing")]
    [InlineData(new[] { "datasets", "show", "warehouse.nope" }, "No dataset 'warehouse.nope' has been recorded. List the recorded ones with: dataengineer datasets list")]
    [InlineData(new[] { "datasets", "show", "x", "--limit", "-4" }, "--limit -4: give a number between 1 and 10000")]
    [InlineData(new[] { "datasets", "list", "--format", "xml" }, "--format")]
    [InlineData(new[] { "checks", "list" }, "Required argument missing")]
    [InlineData(new[] { "checks", "list", "no_such_run; DROP TABLE x" }, "No run 'no_such_run; DROP TABLE x'")]
    [InlineData(new[] { "watermarks", "reset", "no_such_dag" }, "No DAG 'no_such_dag'")]
    [InlineData(new[] { "watermarks", "frobnicate" }, "Run 'dataengineer watermarks --help' for usage.")]
    public async Task GarbageInput_ExitsTwoWithAClearMessage(string[] args, string expected)
    {
        var result = await RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.False(result.HasStackTrace, result.Error);
    }
}
