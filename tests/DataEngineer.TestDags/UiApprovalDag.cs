using DataEngineer.Sdk;
using Microsoft.Extensions.Logging;

namespace DataEngineer.TestDags;

/// <summary>
/// For the approval tests: manual only. <c>prepare</c> runs, then <c>approve_publish</c> waits for a person's decision
/// (no timeout); approved, <c>publish</c> runs and logs who approved; rejected, it is skipped.
/// </summary>
public sealed class UiApprovalDag() : Dag("ui_approval", new DagOptions
{
    Description = "Waits for an operator's approval",
    Alerts = new AlertOptions { Recipients = ["oncall@example.com"] },
})
{
    public const string Subject = "Publish today's prices?";

    protected override void Define(DagBuilder dag)
    {
        var prepare = dag.Task("prepare", _ => { });
        var approved = dag.Approval("approve_publish", new ApprovalOptions { Subject = Subject });
        approved.After(prepare);
        dag.Task("publish", approved, (ctx, decision) => ctx.Logger.LogInformation("Publishing, approved by {By}: {Comment}", decision.By, decision.Comment));
    }
}
