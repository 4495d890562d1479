using DataEngineer.Sdk;

namespace DataEngineer.Integration.Tests.Mapping;

/// <summary>start → group extract (orders, customers → customers_clean) → load: the group as a downstream and as an upstream.</summary>
public sealed class GroupedDag() : Dag("grouped")
{
    protected override void Define(DagBuilder dag)
    {
        var start = dag.Task("start", _ => { });
        var extract = dag.Group("extract", g =>
        {
            g.Task("orders", _ => { });
            var customers = g.Task<int>("customers", _ => 3);
            g.Task("customers_clean", customers, (_, n) => { });
        });
        extract.After(start);
        dag.Task("load", _ => { }).After(extract);
    }
}
