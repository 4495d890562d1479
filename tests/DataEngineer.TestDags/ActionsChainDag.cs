using DataEngineer.Sdk;

namespace DataEngineer.TestDags;

/// <summary>
/// For the model-based test of people's actions: extract -> flaky -> publish, one run at a time. flaky fails its
/// first try and retries after half a second; publish sleeps a little (cancellable) so actions find tries in flight.
/// </summary>
public sealed class ActionsChainDag() : Dag("it_actions_chain", new DagOptions { MaxActiveRuns = 1 })
{
    protected override void Define(DagBuilder dag)
    {
        var extract = dag.Task("extract", _ => { });
        var flaky = dag.Task("flaky", ctx =>
        {
            if (ctx.TryNumber == 1)
            {
                throw new InvalidOperationException("first tries of flaky always fail");
            }
        }, new TaskOptions { Retries = 1, RetryDelay = TimeSpan.FromMilliseconds(500) }).After(extract);
        dag.Task("publish", async ctx => await Task.Delay(TimeSpan.FromMilliseconds(400), ctx.CancellationToken)).After(flaky);
    }
}
