using System.Text.Json;
using Xunit;

namespace DataEngineer.Host.Tests;

/// <summary>Verbs that need no database: they must work with no connection configured at all.</summary>
public class OtherCommandsTests
{
    private static readonly Dictionary<string, string?> NoSettings = [];

    private static Task<CliResult> RunAsync(params string[] args) => CliHarness.RunAsync(NoSettings, args);

    [Fact]
    public async Task ScheduleNext_Cron_PrintsUtcInstants()
    {
        var result = await RunAsync("schedule", "next", "0 2 * * *", "--after", "2024-01-01T00:00:00Z", "-n", "3");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["2024-01-01T02:00:00Z", "2024-01-02T02:00:00Z", "2024-01-03T02:00:00Z"], result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task ScheduleNext_TimeZoneAcrossSpringForward_FiresOnceAfterTheGap()
    {
        var result = await RunAsync("schedule", "next", "30 2 * * *", "--tz", "America/New_York", "--after", "2024-03-09T00:00:00Z", "-n", "3");

        Assert.Equal(["2024-03-09T07:30:00Z", "2024-03-10T07:00:00Z", "2024-03-11T06:30:00Z"], result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task ScheduleNext_Preset_Works()
    {
        var result = await RunAsync("schedule", "next", "@monthly", "--after", "2024-01-15T00:00:00Z", "-n", "2");
        Assert.Equal(["2024-02-01T00:00:00Z", "2024-03-01T00:00:00Z"], result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData(new[] { "schedule", "next", "61 * * * *" }, "minute field '61' is out of range")]
    [InlineData(new[] { "schedule", "next", "@daily", "--tz", "Mars/Olympus" }, "Unknown time zone 'Mars/Olympus'")]
    [InlineData(new[] { "schedule", "next", "@daily", "-n", "0" }, "-n 0: give a count between 1 and 10000")]
    [InlineData(new[] { "schedule", "next", "@daily", "--after", "soon" }, "--after 'soon' is not an ISO 8601 instant")]
    [InlineData(new[] { "schedule", "next", "@once" }, "has no recurring fire times")]
    [InlineData(new[] { "dags", "frobnicate" }, "Run 'dataengineer dags --help' for usage.")]
    [InlineData(new[] { "dags", "show" }, "Required argument missing")]
    [InlineData(new[] { "dags", "show", "orders_etl", "--format", "png" }, "png")]
    [InlineData(new[] { "tasks", "clear", "orders_etl", "--run", "any", "--task", "load" }, "DAG 'orders_etl' has no task 'load'. Its tasks: extract_orders, transform_orders, load_orders, quality_check.")]
    [InlineData(new[] { "tasks", "clear", "orders_etl" }, "--run")]
    [InlineData(new[] { "dags", "backfill", "sales_report", "--from", "2024-01-01" }, "--to")]
    public async Task BadInput_ExitsTwoWithAClearMessage(string[] args, string expected)
    {
        var result = await RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.False(result.HasStackTrace, result.Error);
    }

    [Fact]
    public async Task DagsList_Json_ListsDagsAndImportErrors()
    {
        var result = await RunAsync("dags", "list", "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var dags = json.RootElement.GetProperty("dags").EnumerateArray().ToDictionary(d => d.GetProperty("dag_id").GetString()!);
        Assert.Contains("orders_etl", dags.Keys);
        Assert.Contains("sales_report", dags.Keys);
        Assert.Contains("failing_dag", dags.Keys);
        Assert.Equal("0 2 * * *", dags["orders_etl"].GetProperty("schedule").GetString());
        Assert.Equal(["etl", "orders"], dags["orders_etl"].GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(4, dags["orders_etl"].GetProperty("tasks").GetInt32());
        var errors = json.RootElement.GetProperty("import_errors").EnumerateArray().Select(e => e.GetProperty("dag_id").GetString()).ToList();
        Assert.Contains("cyclic_dag", errors);
        Assert.Contains("bad_cron_dag", errors);
        Assert.Contains("throwing_dag", errors);
    }

    [Fact]
    public async Task DagsList_Table_ShowsScheduleAndImportErrorsOnStandardError()
    {
        var result = await RunAsync("dags", "list");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches("orders_etl .*0 2 \\* \\* \\* \\(UTC\\)", result.Out);
        Assert.Contains("import error: DataEngineer.Host.Tests.BadDags.CyclicDag", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DagsShow_Text_ListsTasksWithRulesAndRetries()
    {
        var result = await RunAsync("dags", "show", "sales_report");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("publish_report <- daily_report, weekly_report", result.Out, StringComparison.Ordinal);
        Assert.Contains("none_failed_min_one_success, retries 1 every 00:00:30", result.Out, StringComparison.Ordinal);
        Assert.Contains("schedule:     @daily (UTC)", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DagsShow_Dot_DrawsEveryEdge()
    {
        var result = await RunAsync("dags", "show", "orders_etl", "--format", "dot");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("digraph \"orders_etl\" {", result.Out, StringComparison.Ordinal);
        Assert.Contains("\"extract_orders\" -> \"transform_orders\";", result.Out, StringComparison.Ordinal);
        Assert.Contains("\"transform_orders\" -> \"load_orders\";", result.Out, StringComparison.Ordinal);
        Assert.Contains("\"load_orders\" -> \"quality_check\";", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DagsTest_NoWarehouseAndNoPostgresBinaries_NamesBothFixes()
    {
        var settings = new Dictionary<string, string?> { ["DataEngineer:PostgresBinDirectory"] = "/nonexistent/pg/bin" };
        var result = await CliHarness.RunAsync(settings, "dags", "test", "sales_report");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("ConnectionStrings__Warehouse", result.Error, StringComparison.Ordinal);
        Assert.Contains("apt-get install postgresql", result.Error, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/pg/bin", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DagsList_MissingDagAssembly_IsAnImportError_AndTheOtherDagsStillLoad()
    {
        var settings = new Dictionary<string, string?> { ["DataEngineer:DagAssemblies"] = "/nonexistent/MyDags.dll" };

        var result = await CliHarness.RunAsync(settings, "dags", "list", "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Contains(json.RootElement.GetProperty("dags").EnumerateArray(), d => d.GetProperty("dag_id").GetString() == "orders_etl");
        var error = json.RootElement.GetProperty("import_errors").EnumerateArray().Single(e => e.GetProperty("source").GetString() == "/nonexistent/MyDags.dll");
        Assert.Contains("the DAG assembly could not be loaded (FileNotFoundException", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DagsBackfill_DryRun_ListsTheIntervalsAndTouchesNoDatabase()
    {
        var result = await RunAsync("dags", "backfill", "sales_report", "--from", "2024-01-01", "--to", "2024-01-03", "--dry-run");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            ["[2024-01-01T00:00:00Z, 2024-01-02T00:00:00Z)", "[2024-01-02T00:00:00Z, 2024-01-03T00:00:00Z)", "[2024-01-03T00:00:00Z, 2024-01-04T00:00:00Z)",
             "3 intervals; nothing was run (--dry-run)."],
            result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
