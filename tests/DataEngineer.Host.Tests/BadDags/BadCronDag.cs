using DataEngineer.Sdk;

namespace DataEngineer.Host.Tests.BadDags;

/// <summary>An import error: hour 25 does not exist.</summary>
public sealed class BadCronDag() : Dag("bad_cron_dag", new DagOptions { Schedule = "0 25 * * *", StartDate = new DateTime(2024, 1, 1) })
{
    protected override void Define(DagBuilder dag) => dag.Task("only", _ => { });
}
