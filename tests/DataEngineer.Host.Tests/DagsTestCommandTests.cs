using System.Text.Json;
using Npgsql;
using DataEngineer.Host.Tests.Secrets;
using Xunit;

namespace DataEngineer.Host.Tests;

public class DagsTestCommandTests(CliFixture fixture) : IClassFixture<CliFixture>
{
    [Fact]
    public async Task DagsTest_OrdersEtlTwiceForOneDate_SucceedsWithIdenticalWarehouseCounts()
    {
        var first = await fixture.RunAsync("dags", "test", "orders_etl", "--date", "2024-01-01", "--json");
        var countAfterFirst = await FactRowsAsync();
        var second = await fixture.RunAsync("dags", "test", "orders_etl", "--date", "2024-01-01", "--json");
        var countAfterSecond = await FactRowsAsync();

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        using var one = JsonDocument.Parse(first.Out);
        using var two = JsonDocument.Parse(second.Out);
        Assert.Equal("success", one.RootElement.GetProperty("state").GetString());
        Assert.Equal("success", two.RootElement.GetProperty("state").GetString());

        var load1 = Task(one, "load_orders");
        var load2 = Task(two, "load_orders");
        Assert.True(load1.GetProperty("rows_written").GetInt64() > 0);
        Assert.Equal(0, load2.GetProperty("rows_written").GetInt64());
        Assert.Equal(countAfterFirst, countAfterSecond);
        Assert.True(countAfterFirst > 20);

        var transform1 = Task(one, "transform_orders");
        var transform2 = Task(two, "transform_orders");
        Assert.Equal(transform1.GetProperty("rows_written").GetInt64(), transform2.GetProperty("rows_written").GetInt64());
        Assert.Equal(transform1.GetProperty("rows_rejected").GetInt64(), transform2.GetProperty("rows_rejected").GetInt64());
        Assert.True(transform1.GetProperty("rows_rejected").GetInt64() >= 4, "each day has dirty rows to reject");
    }

    [Fact]
    public async Task DagsTest_Json_HasTheDocumentedShape()
    {
        var result = await fixture.RunAsync("dags", "test", "sales_report", "--date", "2024-01-02", "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var root = json.RootElement;
        Assert.Equal("sales_report", root.GetProperty("dag_id").GetString());
        Assert.Equal("manual__2024-01-02T00:00:00Z", root.GetProperty("run_id").GetString());
        Assert.Equal("2024-01-02T00:00:00Z", root.GetProperty("logical_date").GetString());
        Assert.Equal("2024-01-02T00:00:00Z", root.GetProperty("data_interval_start").GetString());
        Assert.Equal("2024-01-03T00:00:00Z", root.GetProperty("data_interval_end").GetString());
        var tasks = root.GetProperty("tasks").EnumerateArray().ToDictionary(t => t.GetProperty("task_id").GetString()!);
        Assert.Equal(["pick_report", "daily_report", "weekly_report", "publish_report", "alert_on_failure", "cleanup"], tasks.Keys);
        Assert.Equal("skipped", tasks["weekly_report"].GetProperty("state").GetString());
        Assert.Equal(0, tasks["weekly_report"].GetProperty("tries").GetInt32());
        Assert.Equal(1, tasks["daily_report"].GetProperty("tries").GetInt32());
        Assert.True(tasks["daily_report"].GetProperty("duration_ms").GetInt64() >= 0);
        Assert.True(tasks["daily_report"].GetProperty("rows_read").GetInt64() > 0);
        Assert.Equal(0, tasks["daily_report"].GetProperty("rows_rejected").GetInt64());
    }

    [Fact]
    public async Task DagsTest_FailingRun_ExitsOneWithTheError()
    {
        var result = await fixture.RunAsync("dags", "test", "failing_dag", "--json");

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal("failed", json.RootElement.GetProperty("state").GetString());
        var broken = Task(json, "broken");
        Assert.Equal(2, broken.GetProperty("tries").GetInt32());
        Assert.Equal("InvalidOperationException: the source is down", broken.GetProperty("error").GetString());
        Assert.Equal("upstream_failed", Task(json, "after").GetProperty("state").GetString());
    }

    [Fact]
    public async Task DagsTest_Terminal_PrintsProgressAndASummaryTable()
    {
        var result = await fixture.RunAsync("dags", "test", "sales_report", "--date", "2024-01-01");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("weekly_report", result.Out, StringComparison.Ordinal);
        Assert.Matches("pick_report +running +try 1/2", result.Out);
        Assert.Contains("Published the week report", result.Out, StringComparison.Ordinal);
        Assert.Contains("sales_report manual__2024-01-01T00:00:00Z: success", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DagsTest_TaskLogsASecretAndFails_ShowsItMasked_RunsItsOnFailureCallback_PrintsTheUnsentAlert()
    {
        var result = await fixture.RunAsync("dags", "test", LeakyCallbackDag.DagId);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Connecting with ***", result.Out, StringComparison.Ordinal);
        Assert.Contains("login refused for password ***", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(LeakyCallbackDag.Password, result.Out + result.Error, StringComparison.Ordinal);
        Assert.Contains("alert (not sent by dags test)", result.Out, StringComparison.Ordinal);
        var error = Assert.Single(LeakyCallbackDag.FailureCallbacks);
        Assert.Equal("InvalidOperationException: login refused for password ***", error);
    }

    [Theory]
    [InlineData("nope_dag", "No DAG 'nope_dag'. Known DAGs:")]
    [InlineData("cyclic_dag", "the tasks form a cycle: ")]
    [InlineData("bad_cron_dag", "hour field '25' is out of range")]
    [InlineData("throwing_dag", "threw while its graph was built: InvalidOperationException: config file missing")]
    public async Task DagsTest_UnloadableDag_ExitsTwoNamingTheProblem(string dagId, string expected)
    {
        var result = await fixture.RunAsync("dags", "test", dagId);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.False(result.HasStackTrace, result.Error);
    }

    [Theory]
    [InlineData("{not json", "--conf: The run conf is not valid JSON")]
    [InlineData("[1]", "--conf: The run conf must be a JSON object, not array")]
    [InlineData("{\"maxRejectedPercent\": 250}", "MaxRejectedPercent must be between 0 and 100")]
    [InlineData("{\"maxRejected\": 5}", "maxRejected")]
    public async Task DagsTest_BadConf_ExitsTwoNamingTheProblem(string conf, string expected)
    {
        var result = await fixture.RunAsync("dags", "test", "orders_etl", "--conf", conf);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.False(result.HasStackTrace, result.Error);
    }

    [Theory]
    [InlineData("2024-13-01")]
    [InlineData("yesterday")]
    public async Task DagsTest_BadDate_ExitsTwoWithTheAcceptedFormats(string date)
    {
        var result = await fixture.RunAsync("dags", "test", "sales_report", "--date", date);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"--date '{date}' is not a date. Use YYYY-MM-DD", result.Error, StringComparison.Ordinal);
    }

    private static JsonElement Task(JsonDocument run, string taskId) =>
        run.RootElement.GetProperty("tasks").EnumerateArray().Single(t => t.GetProperty("task_id").GetString() == taskId);

    private async Task<long> FactRowsAsync()
    {
        await using var connection = new NpgsqlConnection(fixture.WarehouseConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM warehouse.fact_orders", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
