using DataEngineer.Sdk;

namespace Reliability;

/// <summary>Five tasks in a line.</summary>
public sealed class ChainDag() : ReliabilityDag("rel_chain", Days)
{
    protected override void Define(DagBuilder dag) =>
        dag.Chain(Work(dag, "a", 400), Work(dag, "b", 600), Work(dag, "c", 300), Work(dag, "d", 500), Work(dag, "e", 400));
}
