using DataEngineer.Sdk;

namespace DataEngineer.Host.Tests.BadDags;

/// <summary>A valid DAG whose run fails: the first task always throws, after one quick retry.</summary>
public sealed class FailingDag() : Dag("failing_dag")
{
    protected override void Define(DagBuilder dag)
    {
        var broken = dag.Task("broken", _ => throw new InvalidOperationException("the source is down"), new TaskOptions { Retries = 1, RetryDelay = TimeSpan.Zero });
        dag.Task("after", _ => { }).After(broken);
    }
}
