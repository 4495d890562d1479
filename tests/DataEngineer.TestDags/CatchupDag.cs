using DataEngineer.Sdk;

namespace DataEngineer.TestDags;

/// <summary>Daily with catchup from 30 days ago: the scheduler must create exactly 30 runs, once each.</summary>
public sealed class CatchupDag() : Dag("it_catchup", new DagOptions
{
    Schedule = "@daily",
    StartDate = TestDagDates.DaysAgo(30),
    Catchup = true,
    MaxActiveRuns = 8,
})
{
    protected override void Define(DagBuilder dag) => dag.Task("count", ctx => ctx.LogicalDate.DayOfYear);
}
