using DataEngineer.Sdk;

namespace Reliability;

/// <summary>top -> left, right -> bottom.</summary>
public sealed class DiamondDag() : ReliabilityDag("rel_diamond", Days)
{
    protected override void Define(DagBuilder dag)
    {
        var top = Work(dag, "top", 400);
        var bottom = Work(dag, "bottom", 400);
        Work(dag, "left", 700).After(top).Before(bottom);
        Work(dag, "right", 500).After(top).Before(bottom);
    }
}
