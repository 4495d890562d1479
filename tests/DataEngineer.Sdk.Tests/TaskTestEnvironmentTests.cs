using DataEngineer.Sdk.Testing;
using Microsoft.Extensions.Logging;
using Xunit;

namespace DataEngineer.Sdk.Tests;

public class TaskTestEnvironmentTests
{
    public sealed record Order(long Id, decimal Amount);

    public sealed record Limits
    {
        public decimal MaxAmount { get; init; } = 100;
    }

    private sealed class OrdersDag() : Dag<Limits>("orders", new DagOptions { DefaultTaskOptions = new TaskOptions { Retries = 2 } })
    {
        protected override void Define(DagBuilder dag)
        {
            var orders = dag.Task("extract", _ => new[] { new Order(1, 9.5m) });
            dag.Task("total", orders, (ctx, rows) =>
            {
                ctx.Rows.AddRead(rows.Length);
                var max = ctx.Params<Limits>().MaxAmount;
                if (rows.Any(r => r.Amount > max))
                {
                    ctx.Fail($"an order is above {max}");
                }

                ctx.Logger.LogInformation("summing {Count} orders for {Date:yyyy-MM-dd}", rows.Length, ctx.LogicalDate);
                return rows.Sum(r => r.Amount);
            });
            dag.Task("maybe", ctx => ctx.Skip("nothing to do"));
            dag.Task("connect", ctx => ctx.GetConnectionString("Warehouse").Length);
        }
    }

    [Fact]
    public async Task RunAsync_WithUpstreamValue_ReturnsTheResultAndRecordsRowsAndLogs()
    {
        var env = new TaskTestEnvironment { LogicalDate = new DateTimeOffset(2024, 3, 5, 0, 0, 0, TimeSpan.Zero) };
        env.SetUpstreamValue("extract", new[] { new Order(1, 9.5m), new Order(2, 0.5m) });

        var total = await env.RunAsync<decimal>(new OrdersDag(), "total");

        Assert.Equal(10m, total);
        Assert.Equal(2, env.Rows.Read);
        Assert.Contains("INFORMATION summing 2 orders for 2024-03-05", env.Logs);
    }

    [Fact]
    public async Task RunAsync_WithConf_UsesTypedParams()
    {
        var env = new TaskTestEnvironment { Conf = """{"maxAmount": 5}""" };
        env.SetUpstreamValue("extract", new[] { new Order(1, 9.5m) });

        var error = await Assert.ThrowsAsync<TaskFailedException>(() => env.RunAsync<decimal>(new OrdersDag(), "total"));
        Assert.Equal("an order is above 5", error.Message);
    }

    [Fact]
    public async Task RunAsync_MissingUpstreamValue_SaysWhichAndHow()
    {
        var env = new TaskTestEnvironment();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => env.RunAsync(new OrdersDag(), "total"));
        Assert.Contains("SetUpstreamValue(\"extract\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_UpstreamValueOfWrongShape_IsATypeMismatch()
    {
        var env = new TaskTestEnvironment();
        env.SetUpstreamJson("extract", """{"id": 1}""");
        var error = await Assert.ThrowsAsync<XComTypeMismatchException>(() => env.RunAsync(new OrdersDag(), "total"));
        Assert.Contains("task 'total' reads the value of 'extract' as Order[]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SkippingTask_ThrowsSkip()
    {
        var error = await Assert.ThrowsAsync<TaskSkippedException>(() => new TaskTestEnvironment().RunAsync(new OrdersDag(), "maybe"));
        Assert.Equal("nothing to do", error.Message);
    }

    [Fact]
    public async Task RunAsync_Connections_ComeFromTheEnvironment()
    {
        var env = new TaskTestEnvironment();
        await Assert.ThrowsAsync<InvalidOperationException>(() => env.RunAsync(new OrdersDag(), "connect"));
        env.ConnectionStrings["Warehouse"] = "Host=x";
        Assert.Equal(6, await env.RunAsync<int>(new OrdersDag(), "connect"));
    }

    [Fact]
    public async Task RunAsync_UnknownTask_ListsTheTasks()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => new TaskTestEnvironment().RunAsync(new OrdersDag(), "nope"));
        Assert.Contains("extract, total, maybe, connect", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateContext_ExposesRunFacts()
    {
        var env = new TaskTestEnvironment { RunId = "manual__x", TryNumber = 2 };
        var context = env.CreateContext(new OrdersDag(), "total");
        Assert.Equal("orders", context.DagId);
        Assert.Equal(2, context.TryNumber);
        Assert.Equal(3, context.MaxTries);
        Assert.Equal(env.LogicalDate.AddDays(1), context.DataInterval.End);
    }
}
