using DataEngineer.Sdk;

namespace Reliability;

/// <summary>Eight independent tasks.</summary>
public sealed class WideDag() : ReliabilityDag("rel_wide", Days)
{
    protected override void Define(DagBuilder dag)
    {
        for (var i = 0; i < 8; i++)
        {
            Work(dag, $"w{i}", 500 + (i * 50));
        }
    }
}
