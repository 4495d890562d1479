using System.Text.Json;
using Npgsql;
using Xunit;

namespace DataEngineer.Host.Tests;

public class TasksTestCommandTests(CliFixture fixture) : IClassFixture<CliFixture>
{
    [Fact]
    public async Task TasksTest_TransformWithUpstreamValue_ReturnsItsValue()
    {
        var file = await XComFileAsync("""
            {"extract_orders": {"orders": [
              {"rowId": 1, "orderId": 10, "customerId": 1, "amount": 10.00, "currency": "EUR", "status": "shipped",
               "createdAt": "2024-01-01T03:00:00Z", "updatedAt": "2024-01-01T03:05:00Z"},
              {"rowId": 2, "orderId": null, "customerId": 1, "amount": 5.00, "currency": "EUR", "status": "shipped",
               "createdAt": "2024-01-01T03:00:00Z", "updatedAt": "2024-01-01T03:05:00Z"}],
             "customers": [{"customerId": 1, "name": "Ada", "country": "NL", "segment": "consumer"}]}}
            """);

        var result = await fixture.RunAsync("tasks", "test", "orders_etl", "transform_orders", "--date", "2024-01-01", "--xcom-from-file", file, "--json",
            "--conf", """{"maxRejectedPercent": 50}""");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal("success", json.RootElement.GetProperty("state").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("rows_rejected").GetInt64());
        var value = json.RootElement.GetProperty("return_value");
        Assert.Equal(10.80m, value.GetProperty("orders")[0].GetProperty("amountUsd").GetDecimal());
        Assert.Equal("missing order id", value.GetProperty("rejected")[0].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task TasksTest_UpstreamValueOfTheWrongType_FailsWithATypeMismatch()
    {
        var file = await XComFileAsync("""{"extract_orders": [1, 2, 3]}""");

        var result = await fixture.RunAsync("tasks", "test", "orders_etl", "transform_orders", "--xcom-from-file", file, "--json");

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal("failed", json.RootElement.GetProperty("state").GetString());
        Assert.StartsWith("XCom type mismatch: task 'transform_orders' reads the value of 'extract_orders' as ExtractedOrders",
            json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TasksTest_WithoutTheUpstreamValue_ExplainsTheFile()
    {
        var result = await fixture.RunAsync("tasks", "test", "orders_etl", "load_orders");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("receives the return value of 'transform_orders'. Pass it with --xcom-from-file FILE", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"x\": ", "is not valid JSON")]
    [InlineData("[]", "must hold a JSON object")]
    public async Task TasksTest_GarbageXComFile_ExitsTwo(string content, string expected)
    {
        var file = await XComFileAsync(content);

        var result = await fixture.RunAsync("tasks", "test", "orders_etl", "transform_orders", "--xcom-from-file", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.False(result.HasStackTrace, result.Error);
    }

    [Fact]
    public async Task TasksTest_UnknownTask_ListsTheTasks()
    {
        var result = await fixture.RunAsync("tasks", "test", "orders_etl", "load");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("DAG 'orders_etl' has no task 'load'. Its tasks: extract_orders, transform_orders, load_orders, quality_check.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TasksTest_QualityCheckOnBadWarehouseRows_FailsNamingTheCheckAndSample()
    {
        var load = await fixture.RunAsync("dags", "test", "orders_etl", "--date", "2024-02-01", "--json");
        Assert.Equal(0, load.ExitCode);
        var orderId = await CorruptOneOrderAsync();
        var file = await XComFileAsync($$$"""{"load_orders": {"inserted": 1, "updated": 0, "unchanged": 0, "orderIds": [{{{orderId}}}]}}""");

        var result = await fixture.RunAsync("tasks", "test", "orders_etl", "quality_check", "--date", "2024-02-01", "--xcom-from-file", file, "--json");

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var error = json.RootElement.GetProperty("error").GetString();
        Assert.Contains("Quality checks failed: 'range_amount_usd' (range) on orders loaded by this run: 1 failing rows, e.g. {", error, StringComparison.Ordinal);
        Assert.Contains($"\"order_id\":{orderId},", error, StringComparison.Ordinal);
        Assert.Contains("\"amount_usd\":-1.00", error, StringComparison.Ordinal);
    }

    private async Task<long> CorruptOneOrderAsync()
    {
        await using var connection = new NpgsqlConnection(fixture.WarehouseConnectionString);
        await connection.OpenAsync();
        await using var update = new NpgsqlCommand(
            "UPDATE warehouse.fact_orders SET amount_usd = -1 WHERE order_id = (SELECT min(order_id) FROM warehouse.fact_orders WHERE order_date = '2024-02-01') RETURNING order_id",
            connection);
        return (long)(await update.ExecuteScalarAsync())!;
    }

    private static async Task<string> XComFileAsync(string content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"xcom-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, content);
        return path;
    }
}
