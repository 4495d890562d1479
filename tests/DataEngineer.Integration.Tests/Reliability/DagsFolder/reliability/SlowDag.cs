using DataEngineer.Sdk;

namespace Reliability;

/// <summary>Three long tasks in a line: likely to be running when a worker is killed.</summary>
public sealed class SlowDag() : ReliabilityDag("rel_slow", Days)
{
    protected override void Define(DagBuilder dag) =>
        dag.Chain(Work(dag, "s1", 2000), Work(dag, "s2", 2000), Work(dag, "s3", 2000));
}
