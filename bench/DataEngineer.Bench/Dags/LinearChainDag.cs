using DataEngineer.Sdk;

namespace DataEngineer.Bench.Dags;

/// <summary>
/// A manual DAG of <paramref name="length"/> no-op tasks in a line; <paramref name="queueOf"/> picks each task's queue by
/// position; <paramref name="body"/> is every task's code (<see cref="NoOp.Run"/>, or <see cref="BodyClock.Run"/> to time it).
/// </summary>
public sealed class LinearChainDag(string id, int length, Func<int, string> queueOf, Action<TaskContext> body) : Dag(id)
{
    public LinearChainDag(string id, int length)
        : this(id, length, _ => "default", NoOp.Run)
    {
    }

    public LinearChainDag(string id, int length, Func<int, string> queueOf)
        : this(id, length, queueOf, NoOp.Run)
    {
    }

    /// <summary>The id of the task at <paramref name="index"/>; zero-padded so ids sort in chain order.</summary>
    public static string TaskId(int index) => $"t{index:D4}";

    protected override void Define(DagBuilder dag) =>
        dag.Chain([.. Enumerable.Range(0, length).Select(i => dag.Task(TaskId(i), body, new TaskOptions { Queue = queueOf(i) }))]);
}
