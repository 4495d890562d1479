using DataEngineer.Sdk;

namespace DataEngineer.Host.Tests.BadDags;

/// <summary>An import error: load depends on transform, which depends on load.</summary>
public sealed class CyclicDag() : Dag("cyclic_dag")
{
    protected override void Define(DagBuilder dag)
    {
        var extract = dag.Task("extract", _ => { });
        var transform = dag.Task("transform", _ => { }).After(extract);
        var load = dag.Task("load", _ => { }).After(transform);
        transform.After(load);
    }
}
