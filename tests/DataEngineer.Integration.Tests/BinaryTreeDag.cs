using DataEngineer.Sdk;

namespace DataEngineer.Integration.Tests;

/// <summary>A full binary tree of no-op tasks fanning out from one root: task i runs after task (i - 1) / 2.</summary>
public sealed class BinaryTreeDag(string id, int size) : Dag(id, new DagOptions { MaxActiveTasks = 64 })
{
    protected override void Define(DagBuilder dag)
    {
        var tasks = new TaskRef[size];
        for (var i = 0; i < size; i++)
        {
            tasks[i] = dag.Task($"n{i:D4}", _ => { });
            if (i > 0)
            {
                tasks[i].After(tasks[(i - 1) / 2]);
            }
        }
    }
}
