using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using Microsoft.Playwright;
using Xunit;

namespace DataEngineer.Ui.Tests;

/// <summary>An approval decided in the browser against the real host: a viewer sees the request but no buttons; an operator rejects it.</summary>
[Collection(HostCollection.Name)]
public sealed class ApprovalFlowTests(HostUnderTest host, BrowserFixture browser)
{
    [Fact]
    public async Task Operator_RejectsAnApprovalOnTheRunPage_DownstreamIsSkipped()
    {
        var key = await TriggerAsync();
        await host.WaitForRunAsync(key, s => s.Tasks["approve_publish"].State == TaskInstanceState.AwaitingInput, "the approval to wait for a decision");
        var runPage = $"dags/ui_approval/runs/{Uri.EscapeDataString(key.RunId)}";

        await using (var viewer = await UiSession.LogInAsync(browser, host, "vic"))
        {
            await viewer.GoAsync(runPage);
            await viewer.WaitForStateAsync("task-state-approve_publish", "awaiting_input");
            await Assertions.Expect(viewer.Page.Locator("[data-testid=approval-approve_publish]")).ToContainTextAsync(TestDags.UiApprovalDag.Subject);
            Assert.Equal(0, await viewer.Page.Locator("[data-testid=reject-approve_publish]").CountAsync());
        }

        await using var ui = await UiSession.LogInAsync(browser, host, "olga");
        await ui.GoAsync(runPage);
        await ui.WaitForStateAsync("task-state-approve_publish", "awaiting_input");
        await ui.ScreenshotAsync("approval-waiting");
        await ui.Input("approval-comment-approve_publish").FillAsync("prices look wrong");
        await ui.Page.ClickAsync("[data-testid=reject-approve_publish]");
        await ui.WaitForStateAsync("task-state-publish", "skipped");
        await ui.WaitForStateAsync("run-state", "success");
        await ui.ScreenshotAsync("approval-rejected");

        var done = await host.Store.GetRunAsync(key);
        Assert.Equal(TaskInstanceState.Success, done!.Tasks["approve_publish"].State);
        Assert.Equal(TaskInstanceState.Skipped, done.Tasks["publish"].State);
        var decision = await host.Store.GetXComAsync(key, "approve_publish", Sdk.XComKeys.ReturnValue);
        using var json = JsonDocument.Parse(decision!.Json);
        Assert.False(json.RootElement.GetProperty("approved").GetBoolean());
        Assert.Equal(("olga", "prices look wrong"), (json.RootElement.GetProperty("by").GetString(), json.RootElement.GetProperty("comment").GetString()));
        var audit = (await host.Store.ListAuditAsync(0, 200)).Entries.Single(e => e.Target == $"{key}/approve_publish");
        Assert.Equal(("olga", "task.reject"), (audit.Actor, audit.Action));
    }

    private async Task<RunKey> TriggerAsync()
    {
        using var api = host.Client(HostUnderTest.OperatorKey);
        var created = await api.PostAsJsonAsync("api/v1/dags/ui_approval/dagRuns", new { });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        return new RunKey("ui_approval", body.RootElement.GetProperty("run_id").GetString()!);
    }
}
