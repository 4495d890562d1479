using DataEngineer.Dags.OrdersEtl;
using DataEngineer.Sdk;
using DataEngineer.Sdk.Testing;
using Xunit;

namespace DataEngineer.Dags.Tests;

/// <summary>transform_orders is pure, so it is tested like a DAG author would: no database, through the Sdk's test environment.</summary>
public class TransformOrdersTests
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 2, 0, 0, TimeSpan.Zero);
    private static readonly Customer Alice = new(1, "Alice", "NL", "consumer");
    private static readonly Customer Bob = new(2, "Bob", "US", "business");

    private static SourceOrder Order(long rowId, long? orderId, int? customerId, decimal amount, string currency = "EUR", int minutes = 10, string status = "shipped") =>
        new(rowId, orderId, customerId, amount, currency, status, Start.AddMinutes(minutes), Start.AddMinutes(minutes + 5));

    // These tests look at single rows, so any share of rejects is allowed; the limit has its own test.
    private static TaskTestEnvironment Env(params SourceOrder[] orders)
    {
        var env = new TaskTestEnvironment { LogicalDate = Start, Conf = """{"maxRejectedPercent": 100}""" };
        env.SetUpstreamValue("extract_orders", new ExtractedOrders(orders, [Alice, Bob]));
        return env;
    }

    [Fact]
    public async Task Transform_CleanRows_AreEnrichedAndConverted()
    {
        var env = Env(Order(1, 100, 1, 10m, "EUR"), Order(2, 101, 2, 20m, "USD", status: "refunded"));

        var result = await env.RunAsync<TransformedOrders>(new OrdersEtlDag(), "transform_orders");

        Assert.NotNull(result);
        Assert.Empty(result.Rejected);
        Assert.Equal([100L, 101L], result.Orders.Select(o => o.OrderId));
        var first = result.Orders[0];
        Assert.Equal(("NL", "consumer", 10.80m, false), (first.CustomerCountry, first.CustomerSegment, first.AmountUsd, first.IsRefunded));
        Assert.True(result.Orders[1].IsRefunded);
        Assert.Equal(new DateOnly(2024, 1, 1), first.OrderDate);
        Assert.Equal((2, 2, 0), (env.Rows.Read, env.Rows.Written, env.Rows.Rejected));
    }

    [Fact]
    public async Task Transform_DirtyRows_AreRejectedWithReasons()
    {
        var env = Env(
            Order(1, 100, 1, 10m),
            Order(2, null, 1, 10m),
            Order(3, 102, null, 10m),
            Order(4, 103, 1, -5m),
            Order(5, 104, 1, 10m, minutes: 60 * 24 * 365),
            Order(6, 100, 1, 10m),
            Order(7, 105, 99, 10m),
            Order(8, 106, 1, 10m, currency: "JPY"));

        var result = await env.RunAsync<TransformedOrders>(new OrdersEtlDag(), "transform_orders");

        Assert.NotNull(result);
        Assert.Equal([100L], result.Orders.Select(o => o.OrderId));
        // Rows 1 and 6 are the same order with the same update time: the row that landed last wins.
        Assert.Equal(
            [(1L, "duplicate order"), (2L, "missing order id"), (3L, "missing customer id"), (4L, "negative amount"), (5L, "created in the future"), (7L, "unknown customer"), (8L, "unknown currency JPY")],
            result.Rejected.OrderBy(r => r.RowId).Select(r => (r.RowId, r.Reason)));
        Assert.Equal(7, env.Rows.Rejected);
        Assert.Contains(env.Logs, l => l == "WARNING Rejected 1 rows: negative amount");
    }

    [Fact]
    public async Task Transform_Duplicates_KeepTheLatestUpdate()
    {
        var older = Order(1, 100, 1, 10m, status: "shipped");
        var newer = older with { RowId = 2, Status = "delivered", UpdatedAt = older.UpdatedAt.AddMinutes(30) };
        var env = Env(newer, older);

        var result = await env.RunAsync<TransformedOrders>(new OrdersEtlDag(), "transform_orders");

        Assert.Equal("delivered", Assert.Single(result!.Orders).Status);
    }

    [Fact]
    public async Task Transform_TooManyRejects_FailsWithTheParamName()
    {
        var env = Env(Order(1, 100, 1, 10m), Order(2, null, 1, 10m));
        env.Conf = """{"maxRejectedPercent": 10}""";

        var error = await Assert.ThrowsAsync<TaskFailedException>(() => env.RunAsync(new OrdersEtlDag(), "transform_orders"));

        Assert.Contains("1 of 2 source rows (50.0%) were rejected, above the 10% limit (param maxRejectedPercent)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Conf_OutOfRange_IsRefused()
    {
        var error = Assert.Throws<RunConfException>(() => RunConf.Parse("""{"maxRejectedPercent": 150}""", new OrdersEtlDag().ParamsType));
        Assert.Contains("MaxRejectedPercent must be between 0 and 100", error.Message, StringComparison.Ordinal);
    }
}
