using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Ui.Presentation;
using Microsoft.Playwright;
using Xunit;

namespace DataEngineer.Ui.Tests;

/// <summary>
/// The on-call views in a real browser against the real host: the run's Gantt of a failed then retried task, the grid's labels,
/// the "broken now" page and its links, the app's 404 page, and the layout on a 390 px phone.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class OnCallViewsTests(HostUnderTest host, BrowserFixture browser)
{
    private const string DagId = "ui_flaky";

    [Fact]
    public async Task RunPage_GanttOfARealRun_ShowsTheFailedTryRedAndTheRetryOnItsOwnRow()
    {
        var run = await TriggerFailingRunAsync();
        using (var api = host.Client(HostUnderTest.OperatorKey))
        {
            var cleared = await api.PostAsJsonAsync($"api/v1/dags/{DagId}/dagRuns/{Uri.EscapeDataString(run.RunId)}/clear", new { task_ids = new[] { "load" } });
            Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        }

        await host.WaitForRunAsync(run.Key, s => s.Run.State == DagRunState.Success, "the cleared run to succeed");
        await using var ui = await UiSession.LogInAsync(browser, host, "olga");

        await ui.GoAsync($"dags/{DagId}/runs/{Uri.EscapeDataString(run.RunId)}");

        var gantt = ui.Page.Locator("[data-testid=run-gantt]");
        var failed = gantt.Locator("[data-testid=time-bar][data-label='load #1'][data-state=failed]");
        var retried = gantt.Locator("[data-testid=time-bar][data-label='load #2'][data-state=success]");
        await failed.WaitForAsync();
        await retried.WaitForAsync();
        Assert.Equal(StateColors.Of(TaskInstanceState.Failed), await failed.Locator("[data-testid=bar-work]").GetAttributeAsync("fill"));
        foreach (var bar in await gantt.Locator("[data-testid=bar-work]").AllAsync())
        {
            var box = await bar.BoundingBoxAsync();
            Assert.True(box is { Width: > 0, Height: > 0 }, "every try's bar is drawn with a width");
        }

        var ticks = await gantt.Locator("[data-testid=time-tick]").AllAsync();
        Assert.True(ticks.Count >= 2);
        for (var i = 1; i < ticks.Count; i++)
        {
            var left = (await ticks[i - 1].BoundingBoxAsync())!;
            var right = (await ticks[i].BoundingBoxAsync())!;
            Assert.True(left.X + left.Width < right.X, $"axis labels '{await ticks[i - 1].TextContentAsync()}' and '{await ticks[i].TextContentAsync()}' overlap");
        }

        await gantt.ScrollIntoViewIfNeededAsync();
        await ui.ScreenshotAsync("run-gantt");

        await ui.GoAsync($"dags/{DagId}");
        await ui.Page.Locator("[data-testid=run-label]").First.WaitForAsync();
        await ui.Page.Locator("[data-testid=state-legend]").WaitForAsync();
        await ui.ScreenshotAsync("dag-grid-labels");
        await ui.Page.ClickAsync(".mud-tab:text-is('Runs')");
        await ui.Page.Locator("[data-testid=run-durations] [data-testid=time-bar]").First.WaitForAsync();
        await ui.ScreenshotAsync("run-durations");
    }

    [Fact]
    public async Task BrokenNow_ListsAFailedRunAndAFailedCheckAndABreachedDataset_EachLinkingToItsPage()
    {
        var run = await TriggerFailingRunAsync();
        var check = $"no_negative_totals_{Guid.NewGuid():N}"[..26];
        var dataset = $"oncall.orders_{Guid.NewGuid():N}"[..22];
        var now = DateTimeOffset.UtcNow;
        await host.Store.RecordTryObservationsAsync(new TryObservations
        {
            Checks =
            [
                new CheckRecord
                {
                    DagId = DagId, RunId = run.RunId, TaskId = "extract", TryNumber = 1, Name = check, Kind = "sql", Severity = "error", Target = "orders",
                    FailingCount = 3, SampleJson = "[]", At = now,
                },
            ],
            Writes =
            [
                new DatasetWrite
                {
                    Dataset = dataset, DagId = DagId, RunId = run.RunId, TaskId = "extract", TryNumber = 1, At = now.AddHours(-5), LogicalDate = run.LogicalDate,
                    RowCount = 10, RowsWritten = 10, FreshnessSla = TimeSpan.FromHours(1),
                },
            ],
        });
        await using var ui = await UiSession.LogInAsync(browser, host, "olga");

        await ui.GoAsync("");
        await ui.Page.Locator("[data-testid=broken-banner]").WaitForAsync();
        await ui.Page.ClickAsync("[data-testid=nav-broken]");
        await ui.Page.WaitForURLAsync("**/broken");
        var runLink = ui.Page.Locator($"[data-testid=broken-failed-runs] a[href='{Links.Run(DagId, run.RunId)}']");
        await runLink.WaitForAsync();
        await ui.Page.Locator($"[data-testid=broken-check-{check}]").WaitForAsync();
        await ui.Page.Locator($"[data-testid='broken-dataset-{dataset}']").WaitForAsync();
        await ui.ScreenshotAsync("broken-now");

        await runLink.ClickAsync();
        await ui.WaitForStateAsync("run-state", "failed");
        Assert.EndsWith(Links.Run(DagId, run.RunId), ui.Page.Url, StringComparison.Ordinal);

        await ui.GoAsync("broken");
        await ui.Page.ClickAsync($"[data-testid=broken-check-{check}] a");
        await ui.Page.WaitForURLAsync($"**/{Links.Try(DagId, run.RunId, "extract", 1)}");

        await ui.GoAsync("broken");
        await ui.Page.ClickAsync($"[data-testid='broken-dataset-{dataset}'] a >> nth=0");
        await ui.Page.WaitForURLAsync($"**/{Links.Dataset(dataset)}");
    }

    [Fact]
    public async Task UnknownAddress_ShowsTheAppsNotFoundPageWith404()
    {
        await using var ui = await UiSession.LogInAsync(browser, host, "olga");

        var response = await ui.Page.GotoAsync(new Uri(host.BaseUrl, "dags-typo/ui_flaky").ToString());

        Assert.Equal(404, response!.Status);
        await Assertions.Expect(ui.Page.Locator("[data-testid=not-found]")).ToContainTextAsync("There is no page at this address");
        await ui.Page.ClickAsync("[data-testid=not-found] a:text-is('Broken now')");
        await ui.Page.WaitForURLAsync("**/broken");
    }

    [Fact]
    public async Task Phone390_NoPageScrollsSideways_AndTheNavReachesEveryPage()
    {
        var run = await TriggerFailingRunAsync();
        await using var ui = await UiSession.LogInAsync(browser, host, "olga", new ViewportSize { Width = 390, Height = 844 });

        foreach (var page in new[] { "", $"dags/{DagId}", Links.Run(DagId, run.RunId), "broken", "datasets", "alerts", "status" })
        {
            await ui.GoAsync(page);
            await ui.Page.Locator("[data-testid=nav]").WaitForAsync();
            var (scroll, client, culprits) = await ScrollWidthAsync(ui.Page);
            Assert.True(scroll <= client, $"'{page}' is {scroll} px wide in a {client} px screen: the page scrolls sideways past {culprits}");
            if (page == "")
            {
                await ui.ScreenshotAsync("phone-dags");
            }
        }

        var health = ui.Page.Locator("[data-testid=nav] a:has-text('Health')");
        await health.ScrollIntoViewIfNeededAsync();
        Assert.True(await health.IsVisibleAsync());
        await health.ClickAsync();
        await ui.Page.WaitForURLAsync("**/status");
    }

    // The page's scroll width and the outermost elements that reach past the screen's right edge (to name what overflows).
    private static async Task<(int Scroll, int Client, string Culprits)> ScrollWidthAsync(IPage page)
    {
        var result = await page.EvaluateAsync<JsonElement>("""
            () => {
                const width = document.documentElement.clientWidth;
                const wide = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > width + 1);
                // The outermost elements that reach past the edge: the ones whose parent still fits.
                const innermost = wide.filter(e => e.parentElement.getBoundingClientRect().right <= width + 1).slice(0, 5)
                    .map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} (${Math.round(e.getBoundingClientRect().right)} px)`);
                return { scroll: document.documentElement.scrollWidth, client: width, culprits: innermost.join(', ') };
            }
            """);
        return (result.GetProperty("scroll").GetInt32(), result.GetProperty("client").GetInt32(), result.GetProperty("culprits").GetString() ?? "");
    }

    private async Task<DagRun> TriggerFailingRunAsync()
    {
        using var api = host.Client(HostUnderTest.OperatorKey);
        var response = await api.PostAsJsonAsync($"api/v1/dags/{DagId}/dagRuns", new { conf = new { batches = 2 } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var key = new RunKey(DagId, body.RootElement.GetProperty("run_id").GetString()!);
        return (await host.WaitForRunAsync(key, s => s.Run.State == DagRunState.Failed, "the triggered run to fail")).Run;
    }
}
