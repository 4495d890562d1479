using DataEngineer.Sdk;

namespace DataEngineer.Integration.Tests;

/// <summary>A daily two-task chain with catchup from <paramref name="days"/> days ago and at most <paramref name="maxActiveRuns"/> runs at once.</summary>
public sealed class CatchupBacklogDag(int days, int maxActiveRuns) : Dag("it_catchup_backlog", new DagOptions
{
    Schedule = "@daily",
    StartDate = DateTime.UtcNow.Date.AddDays(-days),
    Catchup = true,
    MaxActiveRuns = maxActiveRuns,
})
{
    protected override void Define(DagBuilder dag) => dag.Chain(dag.Task("extract", ctx => ctx.LogicalDate.DayOfYear), dag.Task("load", _ => { }));
}
