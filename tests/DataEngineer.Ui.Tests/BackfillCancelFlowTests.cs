using System.Net;
using System.Net.Http.Json;
using DataEngineer.Core.States;
using Microsoft.Playwright;
using Xunit;

namespace DataEngineer.Ui.Tests;

/// <summary>
/// Cancelling a backfill in the browser against the real host: the DAG page's Backfills tab shows it running, the
/// confirmation asks what happens to its running runs and lists the runs it will cancel, and after confirming the
/// backfill is cancelled and none of its runs is left running.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class BackfillCancelFlowTests(HostUnderTest host, BrowserFixture browser)
{
    // Its runs stay running until its gate variable is set, which this test never does.
    private const string DagId = "it_backfill_gated";

    [Fact]
    public async Task Operator_CancelsARunningBackfill_ChoosingToCancelItsRunningRuns()
    {
        using var api = host.Client(HostUnderTest.OperatorKey);
        var from = DateTime.UtcNow.Date.AddDays(-50);
        var created = await api.PostAsJsonAsync($"api/v1/dags/{DagId}/backfills", new { from = $"{from:yyyy-MM-dd}", to = $"{from.AddDays(5):yyyy-MM-dd}", max_active_runs = 2 });
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt64();
        await host.WaitForAsync(async () => (await host.Store.ListBackfillRunsAsync(id)).Count(r => r.State == DagRunState.Running) == 2, UiSession.Bound, "two running runs of the backfill");
        var running = (await host.Store.ListBackfillRunsAsync(id)).Select(r => r.RunId).Order(StringComparer.Ordinal).ToList();
        await using var ui = await UiSession.LogInAsync(browser, host, "olga");

        await ui.GoAsync($"dags/{DagId}");
        await ui.Page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "Backfills" }).ClickAsync();
        await Assertions.Expect(ui.Page.Locator($"[data-testid=backfill-state-{id}]")).ToHaveTextAsync("running");
        await ui.Page.ClickAsync($"[data-testid=backfill-cancel-{id}]");
        await Assertions.Expect(ui.Page.Locator("[data-testid=backfill-confirm-nothing]")).ToBeVisibleAsync();
        await ui.Page.CheckAsync("[data-testid=backfill-mode-cancel]");
        await Assertions.Expect(ui.Page.Locator("[data-testid=backfill-confirm-runs] li")).ToHaveTextAsync(running.Select(r => $"{r} (running)").ToArray());
        await ui.ScreenshotAsync("backfill-cancel-confirmation");
        await ui.Page.ClickAsync("[data-testid=backfill-confirm-apply]");

        await Assertions.Expect(ui.Page.Locator($"[data-testid=backfill-state-{id}]")).ToHaveTextAsync("cancelled");
        await ui.ScreenshotAsync("backfill-cancelled");
        var runs = await host.Store.ListBackfillRunsAsync(id);
        Assert.Equal(running, runs.Select(r => r.RunId).Order(StringComparer.Ordinal));
        Assert.All(runs, r => Assert.Equal(DagRunState.Failed, r.State));
        var audit = (await host.Store.ListAuditAsync(0, 200)).Entries.First(e => e.Target == $"{DagId}/backfills/{id}");
        Assert.Equal(("backfill.cancel", "olga", "running_runs=cancel cancelled_runs=2"), (audit.Action, audit.Actor, audit.Detail));
    }
}
