using DataEngineer.Sdk;

namespace DataEngineer.Bench.Dags;

/// <summary>A manual DAG of no-op tasks shaped 1 → <paramref name="width"/> → 1: a start task, that many parallel tasks, and a join.</summary>
public sealed class FanOutDag(string id, int width) : Dag(id)
{
    protected override void Define(DagBuilder dag)
    {
        var start = dag.Task("start", NoOp.Run);
        var middle = Enumerable.Range(0, width).Select(i => dag.Task($"p{i:D5}", NoOp.Run).After(start)).ToArray();
        dag.Task("join", NoOp.Run).After(middle);
    }
}
