using DataEngineer.Sdk;

namespace DataEngineer.TestDags;

/// <summary>
/// Trigger rules with tasks on two queues (so two worker processes take part): a branch picks
/// "left", "right" is skipped, "join" (none_failed_min_one_success) runs, "broken" fails,
/// "on_failure" (one_failed) runs, "after_broken" is upstream_failed, "cleanup" (all_done) runs.
/// </summary>
public sealed class RulesAcrossQueuesDag() : Dag("it_rules")
{
    protected override void Define(DagBuilder dag)
    {
        var pick = dag.Branch("pick", _ => ["left"]);
        var left = dag.Task("left", _ => { }, new TaskOptions { Queue = "other" }).After(pick);
        var right = dag.Task("right", _ => { }).After(pick);
        var join = dag.Task("join", _ => { }, new TaskOptions { TriggerRule = TriggerRule.NoneFailedMinOneSuccess, Queue = "other" }).After(left, right);
        var broken = dag.Task("broken", ctx => ctx.Fail("broken on purpose"), new TaskOptions { Queue = "other" }).After(join);
        dag.Task("on_failure", _ => { }, new TaskOptions { TriggerRule = TriggerRule.OneFailed }).After(broken);
        dag.Task("after_broken", _ => { }).After(broken);
        dag.Task("cleanup", _ => { }, new TaskOptions { TriggerRule = TriggerRule.AllDone }).After(broken);
    }
}
