using DataEngineer.Core.Execution;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;
using DataEngineer.Sdk;
using Xunit;

namespace DataEngineer.Core.Tests.Execution;

/// <summary>The approval task's part of the state machine, as pure functions: asked when ready, decided, timed out.</summary>
public sealed class ApprovalsTests
{
    private static readonly DateTimeOffset Now = new(2024, 6, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Advance_ReadyApproval_WaitsForInputWithATryAndItsTimeout_HoldingNoSlot()
    {
        var (graph, snapshot) = Start(new ApprovalOptions { Timeout = TimeSpan.FromHours(4), Branches = ["eu", "us"] });

        var asked = snapshot.Tasks["approve"];

        Assert.Equal((TaskInstanceState.AwaitingInput, 1, Now + TimeSpan.FromHours(4)), (asked.State, asked.TryNumber, asked.NextTryAt));
        Assert.Null(asked.Hostname);
        Assert.Equal(TaskInstanceState.AwaitingInput, asked.ToTry()!.State);
        Assert.Equal(TaskInstanceState.None, snapshot.Tasks["eu"].State);
        Assert.Equal("Approve task approve?", Approvals.SubjectOf(graph.Tasks["approve"]));
    }

    [Fact]
    public void Decide_ApprovedWithABranch_RunsItAndSkipsTheOther_StoringTheDecision()
    {
        var (graph, snapshot) = Start(new ApprovalOptions { Branches = ["eu", "us"] });

        var changes = Approvals.Decide(graph, snapshot, "approve", new ApprovalDecision(true, "olga", Now, "ok", "eu"), Now.AddMinutes(1));

        var after = Apply(snapshot, changes);
        Assert.Equal(TaskInstanceState.Success, after["approve"].State);
        Assert.Equal(TaskInstanceState.Scheduled, after["eu"].State);
        Assert.Equal(TaskInstanceState.Skipped, after["us"].State);
        Assert.Contains("\"by\":\"olga\"", Assert.Single(changes.XCom).Json, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_RejectedWithFailOnReject_FailsWithoutRetry_AndDownstreamIsUpstreamFailed()
    {
        var (graph, snapshot) = Start(new ApprovalOptions { FailOnReject = true }, retries: 3);

        var after = Apply(snapshot, Approvals.Decide(graph, snapshot, "approve", new ApprovalDecision(false, "olga", Now, "wrong numbers"), Now));

        Assert.Equal(TaskInstanceState.Failed, after["approve"].State);
        Assert.Equal("Rejected by olga: wrong numbers", after["approve"].Error);
        Assert.Equal(TaskInstanceState.UpstreamFailed, after["eu"].State);
    }

    [Fact]
    public void Decide_TaskNotWaiting_ChangesNothing()
    {
        var (graph, snapshot) = Start(new ApprovalOptions());
        var decided = Apply(snapshot, Approvals.Decide(graph, snapshot, "approve", new ApprovalDecision(false, "olga", Now), Now));

        Assert.True(Approvals.Decide(graph, snapshot with { Tasks = decided }, "approve", new ApprovalDecision(true, "vic", Now), Now).IsEmpty);
        Assert.True(Approvals.Decide(graph, snapshot, "eu", new ApprovalDecision(true, "vic", Now), Now).IsEmpty);
    }

    [Fact]
    public void TimeOut_AppliesTheDefaultOnlyOnceDue()
    {
        var (graph, snapshot) = Start(new ApprovalOptions { Timeout = TimeSpan.FromHours(1), DefaultOutcome = ApprovalOutcome.Approve });

        Assert.True(Approvals.TimeOut(graph, snapshot, "approve", Now.AddMinutes(59)).IsEmpty);
        var changes = Approvals.TimeOut(graph, snapshot, "approve", Now.AddHours(1));

        var after = Apply(snapshot, changes);
        Assert.Equal(TaskInstanceState.Success, after["approve"].State);
        Assert.Equal(TaskInstanceState.Scheduled, after["eu"].State);
        Assert.Contains("\"by\":\"timeout\"", Assert.Single(changes.XCom).Json, StringComparison.Ordinal);
    }

    private static (DagGraph Graph, RunSnapshot Snapshot) Start(ApprovalOptions approval, int retries = 0)
    {
        var graph = DagValidator.Validate(new ApprovalDag(approval, retries).Build());
        var (run, tasks) = DagRunFactory.Create(graph, DagRunType.Manual, graph.Timetable.ManualInterval(Now), RunConf.Empty, Now);
        var snapshot = new RunSnapshot(run with { State = DagRunState.Running, StartedAt = Now }, tasks.ToDictionary(t => t.TaskId, StringComparer.Ordinal));
        return (graph, snapshot with { Tasks = Apply(snapshot, RunProgression.Advance(graph, snapshot, Now)) });
    }

    private static Dictionary<string, TaskInstance> Apply(RunSnapshot snapshot, RunChanges changes)
    {
        var tasks = new Dictionary<string, TaskInstance>(snapshot.Tasks, StringComparer.Ordinal);
        foreach (var task in changes.Tasks)
        {
            tasks[task.TaskId] = task;
        }

        return tasks;
    }

    private sealed class ApprovalDag(ApprovalOptions approval, int retries) : Dag("approvals", new DagOptions { DefaultTaskOptions = new TaskOptions { Retries = retries } })
    {
        protected override void Define(DagBuilder dag)
        {
            var approved = dag.Approval("approve", approval);
            dag.Task("eu", _ => { }).After(approved);
            dag.Task("us", _ => { }).After(approved);
        }
    }
}
