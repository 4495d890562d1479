using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using Microsoft.Playwright;
using Xunit;

namespace DataEngineer.Ui.Tests;

/// <summary>
/// Task groups and a mapped task in a real browser against the real host: the graph shows a group as one box that opens
/// to its tasks and edges and closes back; the grid shows a mapped task as one row counted by state that opens to its
/// instances, each linking to its try.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class GroupedGraphFlowTests(HostUnderTest host, BrowserFixture browser)
{
    private const string DagId = "ui_grouped";

    [Fact]
    public async Task Graph_ShowsAGroupAsOneBox_OpensToItsTasksAndEdges_AndClosesBack()
    {
        await RunToSuccessAsync();
        await using var ui = await UiSession.LogInAsync(browser, host, "vic");
        await ui.GoAsync($"dags/{DagId}");
        await ui.Page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "Graph" }).ClickAsync();

        var group = ui.Page.Locator("[data-testid=graph-group-extract]");
        await Assertions.Expect(group).ToHaveAttributeAsync("data-state", "success");
        await Assertions.Expect(ui.Page.Locator("[data-testid=graph-detail-extract]")).ToHaveTextAsync("2 tasks: 2 success");
        await Assertions.Expect(ui.Page.Locator("[data-testid=graph-detail-process]")).ToHaveTextAsync("3 instances: 3 success");
        await Assertions.Expect(Node(ui, "extract.orders")).ToHaveCountAsync(0);
        await Assertions.Expect(Edge(ui, "start", "extract")).ToHaveCountAsync(1);
        await Assertions.Expect(Edge(ui, "extract", "load")).ToHaveCountAsync(1);
        await ui.ScreenshotAsync("graph-group-closed");

        await group.ClickAsync();

        await Assertions.Expect(Node(ui, "extract.orders")).ToHaveAttributeAsync("data-state", "success");
        await Assertions.Expect(Edge(ui, "start", "extract.orders")).ToHaveCountAsync(1);
        await Assertions.Expect(Edge(ui, "extract.orders", "load")).ToHaveCountAsync(1);
        await Assertions.Expect(Edge(ui, "start", "extract")).ToHaveCountAsync(0);
        // The nested group stays one box until opened too.
        var raw = ui.Page.Locator("[data-testid='graph-group-extract.raw']");
        await Assertions.Expect(raw).ToHaveCountAsync(1);
        await raw.ClickAsync();
        await Assertions.Expect(Node(ui, "extract.raw.customers")).ToHaveAttributeAsync("data-state", "success");
        await Assertions.Expect(Edge(ui, "start", "extract.raw.customers")).ToHaveCountAsync(1);
        await ui.ScreenshotAsync("graph-group-open");

        await ui.Page.ClickAsync("[data-testid=graph-toggle-extract]");

        await Assertions.Expect(group).ToHaveCountAsync(1);
        await Assertions.Expect(Node(ui, "extract.orders")).ToHaveCountAsync(0);
        await Assertions.Expect(Edge(ui, "start", "extract")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Grid_ShowsAMappedTaskAsOneRowCountedByState_ThatOpensToItsInstances_EachLinkingToItsTry()
    {
        var key = await RunToSuccessAsync();
        await using var ui = await UiSession.LogInAsync(browser, host, "vic");
        await ui.GoAsync($"dags/{DagId}");

        var mapped = ui.Page.Locator($"[data-testid=grid-row-process] a.state-square[title*='{key.RunId}']");
        await Assertions.Expect(mapped).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex(@"\(3 instances: 3 success\)"));
        await Assertions.Expect(ui.Page.Locator("[data-testid='grid-row-process[0]']")).ToHaveCountAsync(0);

        await ui.Page.ClickAsync("[data-testid=grid-expand-process]");

        foreach (var index in new[] { 0, 1, 2 })
        {
            await Assertions.Expect(Instance(ui, index, key)).ToHaveAttributeAsync("data-state", "success");
        }

        await ui.ScreenshotAsync("grid-mapped-open");
        await Instance(ui, 1, key).ClickAsync();

        await ui.Page.WaitForURLAsync(url => Uri.UnescapeDataString(url).EndsWith("/tasks/process[1]/tries/1", StringComparison.Ordinal));
        await ui.WaitUntilLiveAsync();
        await ui.WaitForStateAsync("try-state", "success");
        await Assertions.Expect(ui.Page).ToHaveTitleAsync("process[1] #1 - DataEngineer");
    }

    private static ILocator Node(UiSession ui, string id) => ui.Page.Locator($"[data-testid='graph-node-{id}']");

    private static ILocator Edge(UiSession ui, string from, string to) => ui.Page.Locator($"[data-testid=graph-edge][data-from='{from}'][data-to='{to}']");

    private static ILocator Instance(UiSession ui, int index, RunKey key) =>
        ui.Page.Locator($"[data-testid='grid-row-process[{index}]'] a.state-square[title*='{key.RunId}']");

    private async Task<RunKey> RunToSuccessAsync()
    {
        await host.Store.SetPausedAsync(DagId, false);
        using var api = host.Client(HostUnderTest.OperatorKey);
        var created = await api.PostAsJsonAsync($"api/v1/dags/{DagId}/dagRuns", new { });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var key = new RunKey(DagId, body.RootElement.GetProperty("run_id").GetString()!);
        var done = await host.WaitForRunAsync(key, s => s.Run.State.IsFinished(), "the grouped run to finish");
        Assert.Equal(DagRunState.Success, done.Run.State);
        return key;
    }
}
