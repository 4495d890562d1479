using DataEngineer.Sdk;

namespace DataEngineer.Bench.Dags;

/// <summary>DESIGN.md's catchup target: a daily DAG of 4 no-op tasks with catchup over the last <see cref="Days"/> days.</summary>
public sealed class CatchupDag() : Dag("bench_catchup_365", new DagOptions
{
    Schedule = "@daily",
    StartDate = DateTime.UtcNow.Date.AddDays(-Days),
    Catchup = true,
})
{
    public const int Days = 365;

    protected override void Define(DagBuilder dag) =>
        dag.Chain(dag.Task("extract", NoOp.Run), dag.Task("transform", NoOp.Run), dag.Task("load", NoOp.Run), dag.Task("check", NoOp.Run));
}
