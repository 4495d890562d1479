using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataEngineer.Core.Alerts;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Sdk;
using DataEngineer.TestDags;
using Xunit;

namespace DataEngineer.Ui.Tests;

/// <summary>Approvals and run deadlines through REST, against the real host (scheduler, worker, PostgreSQL).</summary>
public sealed partial class RestApiTests
{
    [Fact]
    public async Task Approval_ApprovedViaRest_RunsDownstream_AfterAViewerIsRefused_AndIsAuditedAndAlerted()
    {
        using var api = host.Client(HostUnderTest.OperatorKey);
        var key = await TriggerAsync(api, "ui_approval");
        await host.WaitForRunAsync(key, s => s.Tasks["approve_publish"].State == TaskInstanceState.AwaitingInput, "the approval to wait for a decision");
        var path = RunPath(key) + "/taskInstances/approve_publish/approval";

        // The request alerts the DAG's recipients, linking to the run page.
        await host.WaitForAsync(async () => (await Alerts.ListAlertsAsync(500)).Any(a => a.RunId == key.RunId && a.Kind == AlertEvents.ApprovalRequested),
            TimeSpan.FromSeconds(60), "the approval request alert");
        var request = (await Alerts.ListAlertsAsync(500)).Single(a => a.RunId == key.RunId && a.Kind == AlertEvents.ApprovalRequested);
        Assert.Contains(UiApprovalDag.Subject, request.Subject, StringComparison.Ordinal);
        Assert.Contains($"dags/ui_approval/runs/{Uri.EscapeDataString(key.RunId)}", request.Body, StringComparison.Ordinal);

        using (var viewer = host.Client(HostUnderTest.ViewerKey))
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync(path, new { decision = "approve" })).StatusCode);
        }

        Assert.Equal(TaskInstanceState.AwaitingInput, (await host.Store.GetRunAsync(key))!.Tasks["approve_publish"].State);
        using (var approved = await ReadAsync(await api.PostAsJsonAsync(path, new { decision = "approve", comment = "numbers checked" })))
        {
            Assert.Equal("success", approved.RootElement.GetProperty("state").GetString());
        }

        var done = await host.WaitForRunAsync(key, s => s.Run.State.IsFinished(), "the approved run to finish");
        Assert.Equal(DagRunState.Success, done.Run.State);
        Assert.Equal(TaskInstanceState.Success, done.Tasks["publish"].State);
        var log = await host.Store.GetLogAsync(key, "publish", 1);
        Assert.Contains(log, l => l.Message.Contains("approved by api-key:ops: numbers checked", StringComparison.Ordinal));
        var audit = (await host.Store.ListAuditAsync(0, 200)).Entries.Single(e => e.Target == $"{key}/approve_publish");
        Assert.Equal(("api-key:ops", "task.approve"), (audit.Actor, audit.Action));
        Assert.Contains("comment=numbers checked", audit.Detail, StringComparison.Ordinal);

        // Deciding again: the task no longer waits.
        await AssertProblemAsync(await api.PostAsJsonAsync(path, new { decision = "reject" }), HttpStatusCode.Conflict, "is not waiting for a decision: it is success");
    }

    [Fact]
    public async Task Approval_GarbageDecisions_AreRefusedSayingWhatToFix()
    {
        using var api = host.Client(HostUnderTest.OperatorKey);
        var key = await TriggerAsync(api, "ui_approval");
        await host.WaitForRunAsync(key, s => s.Tasks["approve_publish"].State == TaskInstanceState.AwaitingInput, "the approval to wait for a decision");
        var tasks = RunPath(key) + "/taskInstances";

        await AssertProblemAsync(await api.PostAsJsonAsync(tasks + "/approve_publish/approval", new { decision = "maybe" }), HttpStatusCode.BadRequest, "is not one of approve, reject");
        await AssertProblemAsync(await api.PostAsJsonAsync(tasks + "/prepare/approval", new { decision = "approve" }), HttpStatusCode.BadRequest, "is not an approval task");
        await AssertProblemAsync(await api.PostAsJsonAsync(tasks + "/nope/approval", new { decision = "approve" }), HttpStatusCode.NotFound, "has no task 'nope'");
        await AssertProblemAsync(await api.PostAsJsonAsync(tasks + "/approve_publish/approval", new { decision = "approve", branch = "publish" }), HttpStatusCode.BadRequest,
            "offers no branches");
        using (var stranger = host.Client(null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.PostAsJsonAsync(tasks + "/approve_publish/approval", new { decision = "approve" })).StatusCode);
        }

        Assert.Equal(TaskInstanceState.AwaitingInput, (await host.Store.GetRunAsync(key))!.Tasks["approve_publish"].State);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync(RunPath(key) + "/cancel", new { })).StatusCode);
    }

    [Fact]
    public async Task Approval_NobodyDecides_TakesItsDefaultOutcomeAtTheTimeout()
    {
        using var api = host.Client(HostUnderTest.OperatorKey);
        var key = await TriggerAsync(api, "ui_approval_timeout");

        var done = await host.WaitForRunAsync(key, s => s.Run.State.IsFinished(), "the approval to time out");

        Assert.Equal(DagRunState.Success, done.Run.State);
        var approval = done.Tasks["approve"];
        Assert.Equal(TaskInstanceState.Success, approval.State);
        Assert.True(approval.EndedAt - approval.StartedAt >= TimeSpan.FromSeconds(2), $"decided after {approval.EndedAt - approval.StartedAt}");
        var decision = await host.Store.GetXComAsync(key, "approve", XComKeys.ReturnValue);
        using var json = JsonDocument.Parse(decision!.Json);
        Assert.Equal("timeout", json.RootElement.GetProperty("by").GetString());
        Assert.True(json.RootElement.GetProperty("approved").GetBoolean());
        var audit = (await host.Store.ListAuditAsync(0, 200)).Entries.Single(e => e.Target == $"{key}/approve");
        Assert.Equal(("timeout", "task.approval.timeout"), (audit.Actor, audit.Action));
    }

    [Fact]
    public async Task Deadline_RunStillGoing_RaisesOneDeadlineMissedAlert_AndListsTheRunAsLate()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(UiDeadlineDag.ReleaseFile)!);
        File.Delete(UiDeadlineDag.ReleaseFile);
        using var api = host.Client(HostUnderTest.OperatorKey);
        var key = await TriggerAsync(api, "ui_deadline");

        await host.WaitForAsync(async () => (await Alerts.ListAlertsAsync(500)).Any(a => a.RunId == key.RunId && a.Kind == AlertEvents.DeadlineMissed),
            TimeSpan.FromSeconds(60), "the deadline alert");
        Assert.Equal(DagRunState.Running, (await host.Store.GetRunAsync(key))!.Run.State);
        Assert.Contains(await host.Store.ListLateRunsAsync(100), m => m.Run == key);
        // GET /broken lists it as the Broken now page does, with its deadline.
        using (var broken = JsonDocument.Parse(await api.GetStringAsync("api/v1/broken")))
        {
            var late = Assert.Single(broken.RootElement.GetProperty("past_deadline").EnumerateArray(), r => r.GetProperty("run_id").GetString() == key.RunId);
            Assert.Equal("ui_deadline", late.GetProperty("dag_id").GetString());
            Assert.True(late.GetProperty("deadline_at").GetDateTimeOffset() <= late.GetProperty("missed_at").GetDateTimeOffset());
            Assert.True(broken.RootElement.GetProperty("count").GetInt32() >= 1);
        }

        // The miss is recorded once: a later check (from any scheduler) records nothing more.
        Assert.DoesNotContain(await host.Store.RecordDeadlineMissesAsync(new Dictionary<string, TimeSpan> { ["ui_deadline"] = TimeSpan.FromSeconds(1) }, DateTimeOffset.UtcNow),
            m => m.Run == key);

        await File.WriteAllTextAsync(UiDeadlineDag.ReleaseFile, "go");
        var done = await host.WaitForRunAsync(key, s => s.Run.State.IsFinished(), "the late run to finish");

        Assert.Equal(DagRunState.Success, done.Run.State);
        Assert.Single(await Alerts.ListAlertsAsync(500), a => a.RunId == key.RunId && a.Kind == AlertEvents.DeadlineMissed);
        Assert.DoesNotContain(await host.Store.ListLateRunsAsync(100), m => m.Run == key);
        using (var after = JsonDocument.Parse(await api.GetStringAsync("api/v1/broken")))
        {
            Assert.DoesNotContain(after.RootElement.GetProperty("past_deadline").EnumerateArray(), r => r.GetProperty("run_id").GetString() == key.RunId);
        }

        Assert.NotNull(await host.Store.GetDeadlineMissAsync(key));
        File.Delete(UiDeadlineDag.ReleaseFile);
    }

    private IAlertStore Alerts => (IAlertStore)host.Store;

    private static async Task<RunKey> TriggerAsync(HttpClient api, string dagId)
    {
        var created = await api.PostAsJsonAsync($"api/v1/dags/{dagId}/dagRuns", new { });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        return new RunKey(dagId, body.RootElement.GetProperty("run_id").GetString()!);
    }
}
