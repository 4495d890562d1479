using DataEngineer.Core.Alerts;
using DataEngineer.Core.Operations;
using DataEngineer.Core.States;
using DataEngineer.Core.Tests.Fixtures;
using DataEngineer.Sdk;
using Xunit;

namespace DataEngineer.Core.Tests.Alerts;

/// <summary>
/// An approval rejected with <see cref="ApprovalOptions.FailOnReject"/> fails its task, and the DAG's recipients get the
/// failure alert they would get for any failed task: whether a person rejected it or its timeout's default did.
/// </summary>
public sealed class ApprovalRejectionAlertTests
{
    private static readonly DateTimeOffset Day = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Actor Olga = new("olga", Role.Operator);

    private static readonly AlertRoutingOptions Routing = new()
    {
        Channels = new HashSet<string> { "oncall" },
        BaseUrl = new Uri("https://de.example.com/"),
    };

    private static TestDag Publishing(string id, ApprovalOptions approval) => new(id, d =>
    {
        var prepare = d.Task("prepare", _ => { });
        var approved = d.Approval("approve", approval);
        approved.After(prepare);
        d.Task("publish", _ => { }).After(approved);
    }, new DagOptions { Alerts = new AlertOptions { Recipients = ["oncall"] } });

    [Fact]
    public async Task RejectedByAPerson_WithFailOnReject_FailsTheTask_AndSendsTheFailureAlert()
    {
        await using var harness = new AlertingHarness(Routing, Publishing("reject_fails", new ApprovalOptions { FailOnReject = true }));
        var key = await harness.TriggerAsync("reject_fails", Day);
        await harness.DriveAsync(key, s => s.Tasks["approve"].State == TaskInstanceState.AwaitingInput);
        var operations = new RunOperations(harness.Store, harness.Store, harness.Store, harness.Registry, TimeProvider.System, harness.Tries);

        var decided = await operations.DecideApprovalAsync(Olga, key, "approve", approve: false, "wrong numbers", null, CancellationToken.None);
        await harness.Notifier.DrainAsync();

        Assert.Equal(TaskInstanceState.Failed, decided.Run.Tasks["approve"].State);
        var alert = Assert.Single(await harness.Alerts.ListAlertsAsync());
        Assert.Equal((AlertEvents.Failure, "oncall", $"task_failed/reject_fails/{key.RunId}/approve/1"), (alert.Kind, alert.Channel, alert.EventKey));
        Assert.Contains("Task: approve", alert.Body, StringComparison.Ordinal);
        Assert.Contains("Rejected by olga: wrong numbers", alert.Body, StringComparison.Ordinal);
        Assert.Equal(DagRunState.Failed, (await harness.DriveAsync(key, s => s.Run.State.IsFinished())).Run.State);
        Assert.Single(await harness.Alerts.ListAlertsAsync());
    }

    [Fact]
    public async Task RejectedByAPerson_WithoutFailOnReject_SkipsDownstream_AndAlertsNothing()
    {
        await using var harness = new AlertingHarness(Routing, Publishing("reject_skips", new ApprovalOptions()));
        var key = await harness.TriggerAsync("reject_skips", Day);
        await harness.DriveAsync(key, s => s.Tasks["approve"].State == TaskInstanceState.AwaitingInput);
        var operations = new RunOperations(harness.Store, harness.Store, harness.Store, harness.Registry, TimeProvider.System, harness.Tries);

        await operations.DecideApprovalAsync(Olga, key, "approve", approve: false, "not today", null, CancellationToken.None);
        var done = await harness.DriveAsync(key, s => s.Run.State.IsFinished());

        Assert.Equal((DagRunState.Success, TaskInstanceState.Skipped), (done.Run.State, done.Tasks["publish"].State));
        Assert.Empty(await harness.Alerts.ListAlertsAsync());
    }

    [Fact]
    public async Task TimedOutToADefaultRejection_WithFailOnReject_SendsTheFailureAlert()
    {
        var approval = new ApprovalOptions { FailOnReject = true, Timeout = TimeSpan.FromMilliseconds(50), DefaultOutcome = ApprovalOutcome.Reject };
        await using var harness = new AlertingHarness(Routing, Publishing("timeout_fails", approval));
        var key = await harness.TriggerAsync("timeout_fails", Day);

        var done = await harness.DriveAsync(key, s => s.Run.State.IsFinished());

        Assert.Equal(TaskInstanceState.Failed, done.Tasks["approve"].State);
        var alert = Assert.Single(await harness.Alerts.ListAlertsAsync());
        Assert.Equal((AlertEvents.Failure, $"task_failed/timeout_fails/{key.RunId}/approve/1"), (alert.Kind, alert.EventKey));
        Assert.Contains("Rejected by timeout", alert.Body, StringComparison.Ordinal);
    }
}
