using DataEngineer.Sdk;

namespace DataEngineer.Bench.Dags;

/// <summary>
/// A manual DAG of no-op tasks shaped as a full binary tree fanning out from one root (AIP-15's
/// "binary_tree" shape): task i runs after task (i - 1) / 2.
/// </summary>
public sealed class BinaryTreeDag(string id, int size) : Dag(id)
{
    protected override void Define(DagBuilder dag)
    {
        var tasks = new TaskRef[size];
        for (var i = 0; i < size; i++)
        {
            tasks[i] = dag.Task($"n{i:D4}", NoOp.Run);
            if (i > 0)
            {
                tasks[i].After(tasks[(i - 1) / 2]);
            }
        }
    }
}
