using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using Microsoft.Playwright;
using Xunit;

namespace DataEngineer.Ui.Tests;

/// <summary>
/// What an on-call operator does in the browser against the real host: log in, see the failed run, read
/// its log, clear the task and watch it turn green without reloading, trigger with conf, pause the DAG.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class OnCallFlowTests(HostUnderTest host, BrowserFixture browser)
{
    private const string DagId = "ui_flaky";

    [Fact]
    public async Task Operator_SeesFailedRun_ReadsLog_ClearsTask_TriggersWithConf_Pauses()
    {
        var failed = await TriggerFailingRunAsync();
        await using var ui = await UiSession.LogInAsync(browser, host, "olga");

        // The DAGs page, searched for the DAG (the test host has more DAGs than one page shows): its last run is failed.
        await ui.GoAsync($"?search={DagId}");
        await ui.WaitForStateAsync($"last-state-{DagId}", "failed");
        await ui.ScreenshotAsync("dags");

        // The DAG page: the grid shows the run's failed load.
        await ui.Page.ClickAsync($"[data-testid=dag-link]:text-is('{DagId}')");
        await ui.WaitUntilLiveAsync();
        await ui.Page.Locator("[data-testid=run-grid] a[data-state=failed]").First.WaitForAsync();
        await ui.ScreenshotAsync("dag-grid");

        // The run page and the failed try's log and error.
        await ui.GoAsync($"dags/{DagId}/runs/{Uri.EscapeDataString(failed.RunId)}");
        await ui.WaitForStateAsync("task-state-load", "failed");
        await ui.ScreenshotAsync("run-failed");
        await ui.Page.ClickAsync("[data-testid=task-link-load]");
        await ui.WaitUntilLiveAsync();
        await Assertions.Expect(ui.Page.Locator("[data-testid=task-log]")).ToContainTextAsync("Loading 20 rows, try 1");
        await Assertions.Expect(ui.Page.Locator("[data-testid=try-error]")).ToContainTextAsync("the warehouse refused the connection");
        await ui.ScreenshotAsync("task-log");

        // Clear load: the page turns it green on its own once the worker has run it again.
        await ui.GoAsync($"dags/{DagId}/runs/{Uri.EscapeDataString(failed.RunId)}");
        await ui.Page.ClickAsync("[data-testid=clear-load]");
        await Assertions.Expect(ui.Page.Locator("[data-testid=confirm-task-load]")).ToContainTextAsync("load: failed → none");
        await ui.ScreenshotAsync("clear-confirmation");
        await ui.Page.ClickAsync("[data-testid=confirm-apply]");
        await ui.WaitForStateAsync("task-state-load", "success");
        await ui.WaitForStateAsync("run-state", "success");
        await ui.ScreenshotAsync("run-recovered");
        var recovered = await host.Store.GetRunAsync(failed.Key);
        Assert.Equal(TaskInstanceState.Success, recovered!.Tasks["load"].State);
        Assert.Equal(2, recovered.Tasks["load"].TryNumber);

        // Trigger with conf from the form generated from the params: a value out of range is refused, a good one runs.
        await ui.GoAsync($"dags/{DagId}");
        await ui.Page.ClickAsync("[data-testid=trigger-button]");
        await ui.Input("param-batches").FillAsync("50");
        await ui.Page.ClickAsync("[data-testid=trigger-submit]");
        await Assertions.Expect(ui.Page.Locator("[data-testid=trigger-error]")).ToContainTextAsync("Batches");
        await ui.Input("param-batches").FillAsync("5");
        await ui.Input("param-region").FillAsync("us");
        await ui.Input("param-region").PressAsync("Tab");
        await ui.ScreenshotAsync("trigger");
        await ui.Page.ClickAsync("[data-testid=trigger-submit]");
        try
        {
            await ui.Page.Locator("[data-testid=run-conf]").WaitForAsync();
        }
        catch (TimeoutException)
        {
            var shown = await ui.Page.Locator("[data-testid=trigger-error]").AllInnerTextsAsync();
            await ui.ScreenshotAsync("trigger-not-accepted");
            throw new TimeoutException($"The triggered run's page never opened; the form shows: {string.Join(" | ", shown)}. Host output:{Environment.NewLine}{host.Output}");
        }

        Assert.Contains($"/dags/{DagId}/runs/manual__", ui.Page.Url, StringComparison.Ordinal);
        await Assertions.Expect(ui.Page.Locator("[data-testid=run-conf]")).ToContainTextAsync("\"batches\": 5");
        var triggered = (await host.Store.ListRunsAsync(DagId)).First(r => r.RunId != failed.RunId);
        using (var conf = JsonDocument.Parse(triggered.ConfJson))
        {
            Assert.Equal(5, conf.RootElement.GetProperty("batches").GetInt32());
            Assert.Equal("us", conf.RootElement.GetProperty("region").GetString());
        }

        // Pause the DAG from its page.
        await ui.GoAsync($"dags/{DagId}");
        await ui.Input("dag-pause-toggle").ClickAsync();
        await ui.Page.Locator("[data-testid=paused-chip]").WaitForAsync();
        Assert.True((await host.Store.GetDagAsync(DagId))!.IsPaused);

        // Every action is in the audit log under the operator's name.
        var audit = await host.Store.ListAuditAsync(0, 100);
        var mine = audit.Entries.Where(e => e.Actor == "olga").Select(e => e.Action).ToList();
        Assert.Contains("task.clear", mine);
        Assert.Contains("run.trigger", mine);
        Assert.Contains("dag.pause", mine);

        await host.Store.SetPausedAsync(DagId, false);
    }

    [Fact]
    public async Task Viewer_CannotClearTriggerOrPause()
    {
        var failed = await TriggerFailingRunAsync();
        await using var ui = await UiSession.LogInAsync(browser, host, "vic");
        // Counted after the login, which is audited itself.
        var auditBefore = (await host.Store.ListAuditAsync(0, 1)).Total;

        await ui.GoAsync($"dags/{DagId}/runs/{Uri.EscapeDataString(failed.RunId)}");
        await ui.WaitForStateAsync("task-state-load", "failed");
        Assert.Equal(0, await ui.Page.Locator("[data-testid^=clear-]").CountAsync());
        Assert.Equal(0, await ui.Page.Locator("[data-testid^=mark-]").CountAsync());
        Assert.Equal(0, await ui.Page.Locator("[data-testid^=run-]").Filter(new() { HasText = "Cancel run" }).CountAsync());
        Assert.Equal(0, await ui.Page.Locator("[data-testid=run-actions]").CountAsync());

        await ui.GoAsync($"dags/{DagId}");
        Assert.Equal(0, await ui.Page.Locator("[data-testid=trigger-button]").CountAsync());
        await Assertions.Expect(ui.Input("dag-pause-toggle")).ToBeDisabledAsync();
        await ui.ScreenshotAsync("viewer-dag");

        // The audit log is for admins only.
        await ui.Page.GotoAsync(new Uri(host.BaseUrl, "audit").ToString());
        await ui.Page.Locator("[data-testid=access-denied]").WaitForAsync();
        Assert.Equal(0, await ui.Page.Locator("[data-testid=audit-table]").CountAsync());

        // Nothing changed and nothing was recorded.
        Assert.Equal(TaskInstanceState.Failed, (await host.Store.GetRunAsync(failed.Key))!.Tasks["load"].State);
        Assert.False((await host.Store.GetDagAsync(DagId))!.IsPaused);
        Assert.Equal(auditBefore, (await host.Store.ListAuditAsync(0, 1)).Total);
    }

    [Fact]
    public async Task Admin_SeesAuditLogAndHealth()
    {
        await using var ui = await UiSession.LogInAsync(browser, host, "ada");
        using (var api = host.Client(HostUnderTest.OperatorKey))
        {
            var response = await api.PatchAsJsonAsync($"api/v1/dags/{DagId}", new { is_paused = false });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await ui.GoAsync("audit");
        await Assertions.Expect(ui.Page.Locator("[data-testid=audit-table]")).ToContainTextAsync("api-key:ops");
        await ui.ScreenshotAsync("audit");

        await ui.GoAsync("status");
        await Assertions.Expect(ui.Page.Locator("[data-testid=process-table]")).ToContainTextAsync("scheduler");
        await ui.ScreenshotAsync("health");
    }

    private async Task<DagRun> TriggerFailingRunAsync()
    {
        using var api = host.Client(HostUnderTest.OperatorKey);
        var response = await api.PostAsJsonAsync($"api/v1/dags/{DagId}/dagRuns", new { conf = new { batches = 2 } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var key = new RunKey(DagId, body.RootElement.GetProperty("run_id").GetString()!);
        var snapshot = await host.WaitForRunAsync(key, s => s.Run.State == DagRunState.Failed, "the triggered run to fail");
        return snapshot.Run;
    }
}
