using DataEngineer.Sdk;

namespace Reliability;

/// <summary>One task, four in parallel after it, one joining them.</summary>
public sealed class FanDag() : ReliabilityDag("rel_fan", Days)
{
    protected override void Define(DagBuilder dag)
    {
        var start = Work(dag, "start", 300);
        var join = Work(dag, "join", 300);
        foreach (var branch in new[] { "b1", "b2", "b3", "b4" })
        {
            Work(dag, branch, 800).After(start).Before(join);
        }
    }
}
