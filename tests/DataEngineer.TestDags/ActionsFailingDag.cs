using DataEngineer.Sdk;

namespace DataEngineer.TestDags;

/// <summary>For the model-based test of people's actions: a slow start, then a task that always fails, and a cleanup that runs anyway.</summary>
public sealed class ActionsFailingDag() : Dag("it_actions_failing", new DagOptions { MaxActiveRuns = 2 })
{
    protected override void Define(DagBuilder dag)
    {
        var start = dag.Task("start", async ctx => await Task.Delay(TimeSpan.FromMilliseconds(300), ctx.CancellationToken));
        var broken = dag.Task("broken", ctx => ctx.Fail("always fails")).After(start);
        dag.Task("cleanup", _ => { }, new TaskOptions { TriggerRule = TriggerRule.AllDone }).After(broken);
    }
}
