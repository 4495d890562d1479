using DataEngineer.Sdk;
using Microsoft.Extensions.Logging;

namespace DataEngineer.Dags.RegionSales;

/// <summary>
/// Dynamic task mapping and a task group: <c>list_regions</c> finds the regions that sold on the run's day (known only at
/// run time), <c>summarise_region</c> runs once per region (<c>summarise_region[0]</c>, <c>[1]</c>, ... each with its own
/// tries, log and row counts), and the <c>publish</c> group's tasks receive every region's total, in index order. Needs
/// no database.
/// </summary>
public sealed class RegionSalesDag() : Dag("region_sales", new DagOptions
{
    Description = "Sales per region, one mapped task per region that sold that day",
    Owner = "analytics",
    Tags = ["reporting", "example"],
    Schedule = "@daily",
    StartDate = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc),
    DefaultTaskOptions = new TaskOptions { Retries = 1, RetryDelay = TimeSpan.FromSeconds(30) },
})
{
    /// <summary>Every region the warehouse knows.</summary>
    public static IReadOnlyList<string> Regions { get; } = ["africa", "americas", "apac", "emea", "oceania"];

    /// <inheritdoc />
    protected override void Define(DagBuilder dag)
    {
        var regions = dag.Task("list_regions", ctx => RegionsThatSold(DateOnly.FromDateTime(ctx.LogicalDate.UtcDateTime)));
        var totals = dag.Map("summarise_region", regions, Summarise);
        dag.Group("publish", g =>
        {
            g.Task("dashboard", totals, (ctx, all) =>
                ctx.Logger.LogInformation("Dashboard: {Regions} regions, revenue {Revenue:N2}", all.Count, all.Sum(t => t.Revenue)));
            g.Task("archive", totals, (ctx, all) =>
            {
                ctx.Logger.LogInformation("Archived {Regions}", string.Join(", ", all.Select(t => t.Region)));
                ctx.Rows.AddWritten(all.Count);
            });
        });
    }

    /// <summary>A deterministic stand-in for a warehouse query: which regions sold depends only on the date.</summary>
    public static IReadOnlyList<string> RegionsThatSold(DateOnly day) =>
        [.. Regions.Where((_, i) => (day.DayNumber + i) % 3 != 0)];

    /// <summary>One instance: the region's orders and revenue on the run's day.</summary>
    public static RegionTotal Summarise(TaskContext context, string region)
    {
        var day = DateOnly.FromDateTime(context.LogicalDate.UtcDateTime);
        var orders = 20 + ((day.DayNumber + region.Length * 7) % 13);
        context.Rows.AddRead(orders);
        context.Logger.LogInformation("Instance {Index}: {Region} sold {Orders} orders", context.MapIndex, region, orders);
        return new RegionTotal(region, orders, orders * 38.75m);
    }
}
