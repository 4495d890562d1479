using DataEngineer.Sdk;

namespace DataEngineer.Integration.Tests.Mapping;

/// <summary>A group whose id is also a task's id, and a group defined twice: import errors.</summary>
public sealed class GroupClashDag() : Dag("group_clash")
{
    protected override void Define(DagBuilder dag)
    {
        dag.Task("extract", _ => { });
        dag.Group("extract", g => g.Task("orders", _ => { }));
        dag.Group("load", g => g.Task("a", _ => { }));
        dag.Group("load", g => g.Task("b", _ => { }));
    }
}
