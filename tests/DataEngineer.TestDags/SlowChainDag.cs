using DataEngineer.Sdk;

namespace DataEngineer.TestDags;

/// <summary>
/// start -> slow -> finish. The first try of slow runs for a minute (long enough to kill its worker
/// mid-task); a later try is quick.
/// </summary>
public sealed class SlowChainDag() : Dag("it_slow_chain", new DagOptions
{
    DefaultTaskOptions = new TaskOptions { Retries = 1, RetryDelay = TimeSpan.Zero },
})
{
    protected override void Define(DagBuilder dag)
    {
        var start = dag.Task("start", _ => { });
        var slow = dag.Task("slow", async ctx =>
        {
            if (ctx.TryNumber == 1)
            {
                await Task.Delay(TimeSpan.FromMinutes(1), ctx.CancellationToken);
            }

            return Environment.ProcessId;
        }).After(start);
        dag.Task("finish", _ => { }).After(slow);
    }
}
