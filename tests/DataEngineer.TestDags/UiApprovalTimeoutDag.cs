using DataEngineer.Sdk;

namespace DataEngineer.TestDags;

/// <summary>For the approval tests: manual only; nobody decides <c>approve</c>, which is approved by default after 2 seconds.</summary>
public sealed class UiApprovalTimeoutDag() : Dag("ui_approval_timeout", new DagOptions { Description = "An approval that times out" })
{
    protected override void Define(DagBuilder dag)
    {
        var approved = dag.Approval("approve", new ApprovalOptions { Timeout = TimeSpan.FromSeconds(2), DefaultOutcome = ApprovalOutcome.Approve });
        dag.Task("after", approved, (_, decision) => decision.By);
    }
}
