using DataEngineer.Sdk;
using Microsoft.Extensions.Logging;

namespace DataEngineer.Dags.SalesReport;

/// <summary>
/// Branching and trigger rules: on Mondays the report covers the past week, on other days the
/// past day. The branch skips the report it did not choose; <c>publish_report</c> joins the two
/// paths with <c>none_failed_min_one_success</c> (with the default rule the skip would cascade
/// into it); <c>alert_on_failure</c> runs only if a report failed (<c>one_failed</c>) and fails the run, and
/// <c>cleanup</c> runs whatever happened (<c>all_done</c>). Needs no database.
/// </summary>
public sealed class SalesReportDag() : Dag("sales_report", new DagOptions
{
    Description = "Daily or weekly sales report, chosen by the day of the week",
    Owner = "analytics",
    Tags = ["reporting", "example"],
    Schedule = "@daily",
    StartDate = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc),
    DefaultTaskOptions = new TaskOptions { Retries = 1, RetryDelay = TimeSpan.FromSeconds(30) },
})
{
    /// <inheritdoc />
    protected override void Define(DagBuilder dag)
    {
        var pick = dag.Branch("pick_report", ctx => ctx.LogicalDate.DayOfWeek == DayOfWeek.Monday ? ["weekly_report"] : ["daily_report"]);
        var daily = dag.Task("daily_report", ctx => Summarise(ctx, "day", 1));
        var weekly = dag.Task("weekly_report", ctx => Summarise(ctx, "week", 7));
        daily.After(pick);
        weekly.After(pick);

        var publish = dag.Task("publish_report", async ctx =>
        {
            var summary = await ctx.PullXComAsync<SalesSummary>("weekly_report") ?? await ctx.PullXComAsync<SalesSummary>("daily_report");
            ctx.Logger.LogInformation("Published the {Period} report: {Orders} orders, revenue {Revenue:N2}", summary!.Period, summary.Orders, summary.Revenue);
            ctx.Rows.AddWritten(1);
        }, new TaskOptions { TriggerRule = TriggerRule.NoneFailedMinOneSuccess });
        publish.After(daily, weekly);

        // A watcher (Airflow's pattern): a run's state follows its leaves, and cleanup succeeds
        // whatever happened, so this leaf fails the run when a report failed.
        dag.Task("alert_on_failure", ctx => ctx.Fail($"A sales report failed for {ctx.LogicalDate:yyyy-MM-dd}; see its log."),
            new TaskOptions { TriggerRule = TriggerRule.OneFailed, Retries = 0 }).After(daily, weekly);

        dag.Task("cleanup", ctx => ctx.Logger.LogInformation("Cleaned up temporary report files"),
            new TaskOptions { TriggerRule = TriggerRule.AllDone }).After(publish);
    }

    private static SalesSummary Summarise(TaskContext context, string period, int days)
    {
        var to = DateOnly.FromDateTime(context.LogicalDate.UtcDateTime);
        var from = to.AddDays(1 - days);
        // A deterministic stand-in for a warehouse query: the figures depend only on the dates.
        var orders = Enumerable.Range(0, days).Sum(d => 50 + (from.AddDays(d).DayNumber % 17));
        context.Rows.AddRead(orders);
        return new SalesSummary(period, from, to, orders, orders * 42.5m);
    }
}
