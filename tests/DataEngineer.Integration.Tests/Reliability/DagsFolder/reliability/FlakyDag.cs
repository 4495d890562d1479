using DataEngineer.Sdk;

namespace Reliability;

/// <summary>Four tasks in a line; the second and fourth fail their first try on purpose (ordinary retries).</summary>
public sealed class FlakyDag() : ReliabilityDag("rel_flaky", Days)
{
    protected override void Define(DagBuilder dag) =>
        dag.Chain(Work(dag, "f1", 300), Work(dag, "f2", 300, failFirstTry: true), Work(dag, "f3", 300), Work(dag, "f4", 300, failFirstTry: true));
}
