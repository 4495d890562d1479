using DataEngineer.Sdk;

namespace DataEngineer.TestDags;

/// <summary>Daily, no catchup, for backfills over past days.</summary>
public sealed class BackfillDag() : Dag("it_backfill", new DagOptions
{
    Schedule = "@daily",
    StartDate = TestDagDates.DaysAgo(60),
    EndDate = TestDagDates.DaysAgo(5),
})
{
    protected override void Define(DagBuilder dag)
    {
        var extract = dag.Task("extract", ctx => ctx.LogicalDate.Day);
        dag.Task("load", extract, (ctx, day) => ctx.Rows.AddWritten(day));
    }
}
