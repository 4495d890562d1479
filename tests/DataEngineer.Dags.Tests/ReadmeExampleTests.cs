using System.ComponentModel.DataAnnotations;
using DataEngineer.Core.Validation;
using DataEngineer.Sdk;
using DataEngineer.Sdk.Testing;
using Microsoft.Extensions.Logging;
using Xunit;

namespace DataEngineer.Dags.Tests;

/// <summary>The README's authoring example, verbatim, so the documentation cannot drift from the API.</summary>
public class ReadmeExampleTests
{
    public sealed record RevenueParams
    {
        [Range(1, 50)]
        public int TopCustomers { get; init; } = 10;
    }

    public sealed record Sale(int CustomerId, decimal Amount);

    public sealed class RevenueDag() : Dag<RevenueParams>("daily_revenue", new DagOptions
    {
        Description = "Revenue per customer, every morning",
        Owner = "analytics",
        Tags = ["reporting"],
        Schedule = "30 6 * * *",                      // or "@daily", or null for manual only
        TimeZone = "Europe/Amsterdam",
        StartDate = new DateTime(2024, 1, 1),           // wall-clock time in TimeZone
        Catchup = false,
        MaxActiveRuns = 1,
        DefaultTaskOptions = new TaskOptions { Retries = 3, RetryDelay = TimeSpan.FromMinutes(5) },
        AlertOnFailure = ["analytics-oncall@example.com"],
    })
    {
        protected override void Define(DagBuilder dag)
        {
            // Returns a value: downstream tasks can receive it, typed.
            var sales = dag.Task("extract_sales", async ctx =>
            {
                ctx.Logger.LogInformation("Reading sales in {Interval}", ctx.DataInterval);
                await Task.Delay(10, ctx.CancellationToken);    // your query here
                ctx.Rows.AddRead(2);
                return new[] { new Sale(1, 12.5m), new Sale(2, 7m) };
            });

            // Receives extract_sales' value; passing it created the edge.
            var top = dag.Task("top_customers", sales, (ctx, rows) =>
            {
                if (rows.Length == 0)
                {
                    ctx.Skip("no sales in this interval");     // downstream all_success tasks skip too
                }

                var n = ctx.Params<RevenueParams>().TopCustomers;
                return rows.OrderByDescending(r => r.Amount).Take(n).Select(r => r.CustomerId).ToArray();
            }, new TaskOptions { ExecutionTimeout = TimeSpan.FromMinutes(10) });

            var publish = dag.Task("publish", top, (ctx, ids) => ctx.Logger.LogInformation("Top: {Ids}", string.Join(",", ids)));

            // Ordering without data, and a non-default trigger rule.
            dag.Task("cleanup", _ => { }, new TaskOptions { TriggerRule = TriggerRule.AllDone }).After(publish);
        }
    }

    [Fact]
    public void RevenueDag_Validates_WithTheDocumentedShape()
    {
        var graph = DagValidator.Validate(new RevenueDag().Build());

        Assert.Equal(["extract_sales", "top_customers", "publish", "cleanup"], graph.TopologicalOrder.Select(t => t.Id));
        Assert.Equal("30 6 * * * (Europe/Amsterdam)", graph.Timetable.Description);
        Assert.Equal(3, graph.Tasks["publish"].Settings.Retries);
    }

    [Fact]
    public async Task TopCustomers_UnitTest_AsInTheReadme()
    {
        var env = new TaskTestEnvironment { LogicalDate = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), Conf = """{"topCustomers": 1}""" };
        env.SetUpstreamValue("extract_sales", new[] { new Sale(1, 12.5m), new Sale(2, 7m) });
        var ids = await env.RunAsync<int[]>(new RevenueDag(), "top_customers");
        Assert.Equal(new[] { 1 }, ids);
    }
}
