using DataEngineer.Sdk;

namespace DataEngineer.Bench.Dags;

/// <summary>A manual DAG of <paramref name="length"/> no-op tasks in a line; <paramref name="queueOf"/> picks each task's queue by position.</summary>
public sealed class LinearChainDag(string id, int length, Func<int, string> queueOf) : Dag(id)
{
    public LinearChainDag(string id, int length)
        : this(id, length, _ => "default")
    {
    }

    /// <summary>The id of the task at <paramref name="index"/>; zero-padded so ids sort in chain order.</summary>
    public static string TaskId(int index) => $"t{index:D4}";

    protected override void Define(DagBuilder dag) =>
        dag.Chain([.. Enumerable.Range(0, length).Select(i => dag.Task(TaskId(i), NoOp.Run, new TaskOptions { Queue = queueOf(i) }))]);
}
