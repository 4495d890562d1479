using System.Text.Json;
using System.Text.RegularExpressions;
using DataEngineer.Core.Catalog;
using DataEngineer.Core.Storage;
using DataEngineer.Execution.Hosting;
using DataEngineer.Postgres.Metadata;
using DataEngineer.Testing;
using DataEngineer.Testing.Lineage;
using Npgsql;
using Xunit;

namespace DataEngineer.Host.Tests;

/// <summary>
/// <c>datasets list/show/lineage</c> against a real metadata database holding the catalog of the three lineage DAGs
/// (ingest -> orders_etl_lineage -> reporting) as the scheduler's DAG sync stores it, and one recorded write.
/// </summary>
public sealed partial class DatasetCatalogCommandsTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private NpgsqlDataSource _dataSource = null!;

    private Dictionary<string, string?> Settings => new() { ["ConnectionStrings:Metadata"] = database.ConnectionString };

    private Task<CliResult> RunAsync(params string[] args) => CliHarness.RunAsync(Settings, args);

    public async Task InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        await SchemaMigrator.MigrateAsync(_dataSource, PostgresMetadataStoreOptions.DefaultSchema);
        await JobStoreSchemas.InstallAsync(database.ConnectionString);
        var store = new PostgresMetadataStore(_dataSource);
        await store.ReplaceDatasetCatalogAsync(DatasetCatalogBuilder.Build(LineageDags.All()));
        var at = new DateTimeOffset(2024, 1, 2, 2, 0, 0, TimeSpan.Zero);
        await store.RecordTryObservationsAsync(new TryObservations
        {
            Writes =
            [
                new DatasetWrite
                {
                    Dataset = "raw.orders", DagId = "ingest", RunId = "r1", TaskId = "extract_orders", TryNumber = 1, At = at, LogicalDate = at.AddDays(-1),
                    RowCount = 42, RowsWritten = 42, Columns = [new("order_id", "bigint"), new("email", "text"), new("amount", "numeric(12,2)"), new("ordered_at", "timestamptz")],
                },
            ],
        });
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    [Fact]
    public async Task DatasetsList_Json_MergesDeclaredAndRecordedDatasets()
    {
        var result = await RunAsync("datasets", "list", "--json");

        Assert.Equal(0, result.ExitCode);
        var datasets = JsonDocument.Parse(result.Out).RootElement.EnumerateArray().ToDictionary(d => d.GetProperty("name").GetString()!);
        Assert.Equal(6, datasets.Count);
        var raw = datasets["raw.orders"];
        Assert.Equal(("ingest-team", "additive", true, 42L), (raw.GetProperty("owner").GetString(), raw.GetProperty("contract").GetString(), raw.GetProperty("observed").GetBoolean(), raw.GetProperty("row_count").GetInt64()));
        Assert.Equal(["ingest.extract_orders"], raw.GetProperty("writers").EnumerateArray().Select(w => w.GetString()));
        Assert.Equal(["orders_etl_lineage.build_customers", "orders_etl_lineage.build_fact", "reporting.audit"], raw.GetProperty("readers").EnumerateArray().Select(w => w.GetString()));
        var fact = datasets["warehouse.fact_orders"];
        Assert.Equal((false, JsonValueKind.Null), (fact.GetProperty("observed").GetBoolean(), fact.GetProperty("row_count").ValueKind));

        var text = await RunAsync("datasets", "list");
        Assert.Contains("ingest-team", text.Out, StringComparison.Ordinal);
        Assert.Contains("not written yet", text.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DatasetsShow_PrintsTheCatalogEntryColumnsReadersAndTheConflict()
    {
        var result = await RunAsync("datasets", "show", "raw.orders");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Owner: ingest-team    Contract: additive    Declared by: ingest.extract_orders", result.Out, StringComparison.Ordinal);
        Assert.Contains("Orders as the shop exports them", result.Out, StringComparison.Ordinal);
        Assert.Contains("Tags: orders, raw", result.Out, StringComparison.Ordinal);
        Assert.Contains("Retention: rows older than 400 d by ordered_at", result.Out, StringComparison.Ordinal);
        Assert.Matches(@"email\s*│\s*text\s*│\s*yes\s*│\s*-\s*│\s*pii\s*│\s*The customer's e-mail\.", result.Out);
        Assert.Matches(@"channel\s*│\s*text\s*│\s*yes\s*│\s*web, app\s*│", result.Out);
        Assert.Contains("Readers: orders_etl_lineage.build_customers, orders_etl_lineage.build_fact, reporting.audit", result.Out, StringComparison.Ordinal);
        Assert.Contains("Undocumented columns (in the latest recorded schema, not described): ordered_at", result.Out, StringComparison.Ordinal);
        Assert.Contains("Warning: reporting.audit (reads) declares raw.orders with a different owner", result.Out, StringComparison.Ordinal);

        var json = JsonDocument.Parse((await RunAsync("datasets", "show", "raw.orders", "--json")).Out).RootElement;
        var catalog = json.GetProperty("catalog");
        Assert.Equal("pii", catalog.GetProperty("columns")[1].GetProperty("classification").GetString());
        Assert.Equal(["web", "app"], catalog.GetProperty("columns")[3].GetProperty("accepted_values").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(400, catalog.GetProperty("retention").GetProperty("keep_for_days").GetDouble());
        Assert.Single(catalog.GetProperty("warnings").EnumerateArray());
        Assert.Equal(["ordered_at"], json.GetProperty("undocumented_columns").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task DatasetsShow_DeclaredButNeverWritten_ShowsTheCatalogOnly()
    {
        var result = await RunAsync("datasets", "show", "warehouse.fact_orders");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("declared, not written yet", result.Out, StringComparison.Ordinal);
        Assert.Contains("Owner: warehouse-team", result.Out, StringComparison.Ordinal);
        Assert.Contains("Readers: reporting.customer_value, reporting.daily_revenue", result.Out, StringComparison.Ordinal);
        var json = JsonDocument.Parse((await RunAsync("datasets", "show", "warehouse.fact_orders", "--json")).Out).RootElement;
        Assert.Equal(["orders_etl_lineage.build_fact"], json.GetProperty("writers").EnumerateArray().Select(w => w.GetString()));
    }

    [Fact]
    public async Task DatasetsLineage_Text_ShowsBothWaysAndTheImpact()
    {
        var result = await RunAsync("datasets", "lineage", "raw.orders");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            """
            Lineage of raw.orders (all levels)
            Upstream (what it is built from):
              raw.orders
                 <- task ingest.extract_orders
                    <- source.orders
            Downstream (what is built from it):
              raw.orders
                 -> task orders_etl_lineage.build_customers
                    -> warehouse.dim_customers
                       -> task reporting.customer_value
                          -> reporting.customer_value
                 -> task orders_etl_lineage.build_fact
                    -> warehouse.fact_orders
                       -> task reporting.customer_value (see above)
                       -> task reporting.daily_revenue
                          -> reporting.daily_revenue
                 -> task reporting.audit
            Impact: 4 downstream datasets and 2 DAGs read this
              datasets: reporting.customer_value, reporting.daily_revenue, warehouse.dim_customers, warehouse.fact_orders
              DAGs: orders_etl_lineage, reporting

            """.ReplaceLineEndings("\n"),
            result.Out.ReplaceLineEndings("\n"));
        var source = await RunAsync("datasets", "lineage", "source.orders", "--downstream", "1");
        Assert.Contains("Impact: 5 downstream datasets and 3 DAGs read this", source.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("Upstream", source.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("warehouse.fact_orders\n", source.Out.ReplaceLineEndings("\n").Split("Impact:")[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task DatasetsLineage_Json_HasNodesLinksAndImpact()
    {
        var result = await RunAsync("datasets", "lineage", "reporting.customer_value", "--upstream", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        var json = JsonDocument.Parse(result.Out).RootElement;
        Assert.Equal("upstream", json.GetProperty("direction").GetString());
        var nodes = json.GetProperty("nodes").EnumerateArray().ToList();
        Assert.Equal(9, nodes.Count);
        Assert.Contains(nodes, n => n.GetProperty("id").GetString() == "dataset:source.orders" && n.GetProperty("distance").GetInt32() == -3);
        Assert.Contains(json.GetProperty("links").EnumerateArray(), l => l.GetProperty("from").GetString() == "task:ingest.extract_orders" && l.GetProperty("to").GetString() == "dataset:raw.orders");
        Assert.Equal("0 downstream datasets and 0 DAGs read this", json.GetProperty("impact").GetProperty("summary").GetString());
    }

    [Fact]
    public async Task DatasetsLineage_Dot_IsValidGraphvizWithQuotedIds()
    {
        var result = await RunAsync("datasets", "lineage", "raw.orders", "--format", "dot");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Out.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal("digraph lineage {", lines[0]);
        Assert.Equal("}", lines[^1]);
        Assert.All(lines[1..^1], line => Assert.Matches(DotStatement(), line));
        Assert.Contains("  \"dataset:raw.orders\" -> \"task:reporting.audit\";", lines);
        Assert.Contains("  label=\"raw.orders: 4 downstream datasets and 2 DAGs read this\";", lines);
        Assert.Equal(12, lines.Count(l => l.Contains(" -> ", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(new[] { "datasets", "lineage" }, "Required argument missing")]
    [InlineData(new[] { "datasets", "lineage", "warehouse.nope" }, "No dataset 'warehouse.nope' is read or written by a task of an active DAG")]
    [InlineData(new[] { "datasets", "lineage", "x'; DROP TABLE dags; --" }, "No dataset 'x'; DROP TABLE dags; --'")]
    [InlineData(new[] { "datasets", "lineage", "raw.orders", "--format", "svg" }, "Argument 'svg' not recognized")]
    [InlineData(new[] { "datasets", "lineage", "raw.orders", "--upstream", "many" }, "many")]
    [InlineData(new[] { "datasets", "lineage", "raw.orders", "--downstream", "0" }, "Lineage depth 0: give a number of dataset hops between 1 and 1000")]
    [InlineData(new[] { "datasets", "lineage", "raw.orders", "--upstream", "2", "--downstream", "3" }, "give one depth")]
    [InlineData(new[] { "datasets", "show", "warehouse.nope" }, "No dataset 'warehouse.nope' has been recorded.")]
    public async Task GarbageInput_ExitsTwoWithAClearMessage(string[] args, string expected)
    {
        var result = await RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.False(result.HasStackTrace, result.Error);
    }

    // A node statement ("id" [attr=value, ...];), an edge ("a" -> "b";) or a graph attribute (name=value;), ids and labels quoted.
    [GeneratedRegex("""^  ("(?:[^"\\]|\\.)*" \[label="(?:[^"\\]|\\.)*"(, [a-z]+=[a-z]+)*\];|"(?:[^"\\]|\\.)*" -> "(?:[^"\\]|\\.)*";|[a-z]+=("(?:[^"\\]|\\.)*"|[A-Z]+);)$""")]
    private static partial Regex DotStatement();
}
