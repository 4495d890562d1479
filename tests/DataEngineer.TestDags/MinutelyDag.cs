using DataEngineer.Sdk;

namespace DataEngineer.TestDags;

/// <summary>Every minute, no catchup: Quartz fires it at each minute boundary.</summary>
public sealed class MinutelyDag() : Dag("it_minutely", new DagOptions
{
    Schedule = "* * * * *",
    StartDate = TestDagDates.DaysAgo(1),
})
{
    protected override void Define(DagBuilder dag) => dag.Task("tick", _ => { });
}
