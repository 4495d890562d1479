using DataEngineer.Sdk;

namespace DataEngineer.TestDags;

/// <summary>flaky fails its first try and is retried after 2 s; hangs ignores its token and is cut off by a 1 s timeout.</summary>
public sealed class RetryAndTimeoutDag() : Dag("it_retry_timeout")
{
    protected override void Define(DagBuilder dag)
    {
        dag.Task("flaky", ctx =>
        {
            if (ctx.TryNumber == 1)
            {
                throw new InvalidOperationException("first try always fails");
            }
        }, new TaskOptions { Retries = 2, RetryDelay = TimeSpan.FromSeconds(2) });
        dag.Task("hangs", async _ => await Task.Delay(TimeSpan.FromMinutes(5)), new TaskOptions { ExecutionTimeout = TimeSpan.FromSeconds(1) });
    }
}
