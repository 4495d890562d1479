using DataEngineer.Sdk;

namespace DataEngineer.TestDags;

/// <summary>
/// For the model-based test's backfill actions: daily over past days only (no scheduled runs of its own), two quick
/// tasks, the second failing its first try on odd days and retrying, so backfills have runs in flight to pause and cancel.
/// </summary>
public sealed class ActionsDailyDag() : Dag("it_actions_daily", new DagOptions
{
    Schedule = "@daily",
    StartDate = TestDagDates.DaysAgo(40),
    EndDate = TestDagDates.DaysAgo(2),
    MaxActiveRuns = 3,
})
{
    protected override void Define(DagBuilder dag)
    {
        var load = dag.Task("load", async ctx => await Task.Delay(TimeSpan.FromMilliseconds(300), ctx.CancellationToken));
        dag.Task("check", ctx =>
        {
            if (ctx.TryNumber == 1 && ctx.LogicalDate.Day % 2 == 1)
            {
                throw new InvalidOperationException("odd days fail their first try");
            }
        }, new TaskOptions { Retries = 1, RetryDelay = TimeSpan.FromMilliseconds(300) }).After(load);
    }
}
