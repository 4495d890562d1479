using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Ui.Presentation;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;

namespace DataEngineer.Ui.Tests.Loop;

/// <summary>
/// Issue 14's on-call loop in a real browser against a real host and its real webhook alerts: a retry alert's link opens
/// the failing try, the retry's log is read while it runs, the run is cleared once the cause is fixed, it succeeds and the
/// run queued behind it starts; and a running run is cancelled from its page. Screenshots of each step are saved as
/// loop-*.png (copied into docs/screenshots for the README).
/// </summary>
[Collection(HostCollection.Name)]
public sealed class OnCallLoopTests(OnCallLoopHost loop, BrowserFixture browser, ITestOutputHelper output) : IClassFixture<OnCallLoopHost>
{
    private const string DagId = OnCallLoopDag.DagId;
    private static readonly LocatorAssertionsToContainTextOptions Bounded = new() { Timeout = (float)UiSession.Bound.TotalMilliseconds };

    private HostUnderTest Host => loop.Host;

    [Fact]
    public async Task AlertLink_OpensTheTry_LiveLogWhileTheRetryRuns_ClearAfterTheFix_RunSucceeds_TheQueuedRunStarts()
    {
        await Host.WaitForAsync(async () => await Host.Store.GetDagAsync(DagId) is not null, TimeSpan.FromSeconds(120), $"{DagId} to load from the DAGs folder");
        var first = await TriggerAsync();
        await using var ui = await UiSession.LogInAsync(browser, Host, "olga");

        // The retry alert reaches the pager, naming the try and linking to its page.
        var retry = await AlertAsync("task_retry", first);
        Assert.Equal(1, retry.GetProperty("try_number").GetInt32());
        var link = retry.GetProperty("url").GetString()!;
        Assert.StartsWith(Host.BaseUrl.ToString(), link, StringComparison.Ordinal);
        Assert.EndsWith(Links.Try(DagId, first.RunId, "load", 1), link, StringComparison.Ordinal);

        // Clicked in a chat on another site, the link opens the try's page logged in: its log and error.
        await ShowInChatAsync(ui.Page, retry);
        await ui.ScreenshotAsync("loop-1-alert");
        await ui.Page.ClickAsync("#alert-link");
        await ui.Page.WaitForURLAsync(link);
        await ui.WaitUntilLiveAsync();
        await Assertions.Expect(ui.Page.Locator("[data-testid=task-log]")).ToContainTextAsync("try 1 of load starts", Bounded);
        await Assertions.Expect(ui.Page.Locator("[data-testid=try-error]")).ToContainTextAsync("the source table is locked", Bounded);

        // The retry runs now: its lines appear while it runs, each timed from the task's write to the browser's display.
        await Host.WaitForRunAsync(first, s => s.Tasks["load"] is { TryNumber: 2, State: TaskInstanceState.Running }, "the retry to run");
        try
        {
            await ui.Page.ClickAsync($"a[href='{Links.Try(DagId, first.RunId, "load", 2)}']");
        }
        catch (TimeoutException)
        {
            await ui.ScreenshotAsync("loop-no-retry-button");
            throw new TimeoutException($"No button to try 2 on the page of try 1: {await ui.Page.InnerTextAsync("body")}");
        }

        await ui.Page.WaitForURLAsync($"**/{Links.Try(DagId, first.RunId, "load", 2)}");
        await ui.WaitUntilLiveAsync();
        await WatchLogLinesAsync(ui.Page);
        var latencies = await LatenciesAsync(ui.Page, atLeast: 12);
        await Assertions.Expect(ui.Page.Locator("[data-testid=log-live]")).ToBeVisibleAsync();
        Assert.False(File.Exists(loop.ReleaseFile));
        Assert.Equal(TaskInstanceState.Running, (await Host.Store.GetRunAsync(first))!.Tasks["load"].State);
        await ui.ScreenshotAsync("loop-2-live-log");
        Report(latencies);

        // The retry fails too: the failure alert, and the page shows the try failed without a reload.
        await File.WriteAllTextAsync(loop.ReleaseFile, "go");
        var failure = await AlertAsync("task_failed", first);
        Assert.Equal(2, failure.GetProperty("try_number").GetInt32());
        await ui.WaitForStateAsync("try-state", "failed");

        // The cause fixed, the operator clears the run's failed tasks from the run page, after reading what changes.
        File.Delete(loop.ReleaseFile);
        await File.WriteAllTextAsync(loop.FixFile, "fixed");
        await ui.Page.ClickAsync($"a[href='{Links.Run(DagId, first.RunId)}']");
        await ui.WaitForStateAsync("run-state", "failed");
        await ui.Page.ClickAsync("[data-testid=run-clear-failed]");
        await Assertions.Expect(ui.Page.Locator("[data-testid=confirm-task-load]")).ToContainTextAsync("load: failed → none", Bounded);
        Assert.Equal(1, await ui.Page.Locator("[data-testid=confirm-tasks] li").CountAsync());
        await ui.ScreenshotAsync("loop-3-clear-dialog");
        await ui.Page.ClickAsync("[data-testid=confirm-apply]");

        // While the cleared run runs again, the next run waits behind it (one active run at a time).
        await Host.WaitForRunAsync(first, s => s.Tasks["load"] is { TryNumber: 3, State: TaskInstanceState.Running }, "the cleared task to run again");
        var next = await TriggerAsync();
        await Host.WaitForAsync(async () => (await Host.Store.GetRunAsync(next)) is not null, UiSession.Bound, "the next run to be recorded");
        Assert.Equal(DagRunState.Queued, (await Host.Store.GetRunAsync(next))!.Run.State);

        await File.WriteAllTextAsync(loop.ReleaseFile, "go");
        await ui.WaitForStateAsync("run-state", "success");
        await ui.WaitForStateAsync("task-state-load", "success");
        await ui.ScreenshotAsync("loop-4-run-succeeded");
        var recovered = await Host.Store.GetRunAsync(first);
        Assert.Equal(DagRunState.Success, recovered!.Run.State);
        Assert.Equal(3, recovered.Tasks["load"].TryNumber);

        // Then the queued run starts, and succeeds.
        var started = await Host.WaitForRunAsync(next, s => s.Run.State == DagRunState.Success, "the queued run to start and succeed");
        Assert.True(started.Run.StartedAt >= recovered.Run.EndedAt, $"the queued run started at {started.Run.StartedAt:O}, before the cleared one ended at {recovered.Run.EndedAt:O}");
        Assert.Contains((await Host.Store.ListAuditAsync(0, 200)).Entries, e => e.Action == "task.clear" && e.Actor == "olga" && e.Target == first.ToString());
    }

    [Fact]
    public async Task CancelRun_FromTheRunPage_TheRunFails_NothingIsLeftRunning()
    {
        await File.WriteAllTextAsync(Host.HoldFile, "hold");
        try
        {
            using var api = Host.Client(HostUnderTest.OperatorKey);
            var response = await api.PostAsJsonAsync($"api/v1/dags/{FolderDag.DagId}/dagRuns", new { conf = new { } });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var key = new RunKey(FolderDag.DagId, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("run_id").GetString()!);
            await Host.WaitForRunAsync(key, s => s.Tasks["linger"].State == TaskInstanceState.Running, "linger to run");
            await using var ui = await UiSession.LogInAsync(browser, Host, "olga");

            await ui.GoAsync(Links.Run(key.DagId, key.RunId));
            await ui.WaitForStateAsync("task-state-linger", "running");
            await ui.Page.ClickAsync("[data-testid=run-cancel]");
            await Assertions.Expect(ui.Page.Locator("[data-testid=confirm-task-linger]")).ToContainTextAsync("linger: running → failed", Bounded);
            await ui.ScreenshotAsync("loop-5-cancel-dialog");
            await ui.Page.ClickAsync("[data-testid=confirm-apply]");
            await ui.WaitForStateAsync("run-state", "failed");
            await ui.WaitForStateAsync("task-state-linger", "failed");

            // The try is recorded as cancelled and has ended: the worker stopped the task although it was never released.
            await Host.WaitForAsync(async () => (await Host.Store.ListTriesAsync(key, "linger")).All(t => t.EndedAt is not null), UiSession.Bound, "linger's try to end");
            var tries = await Host.Store.ListTriesAsync(key, "linger");
            Assert.Contains("cancelled by olga", Assert.Single(tries).Error, StringComparison.Ordinal);
            var run = (await Host.Store.GetRunAsync(key))!;
            Assert.Equal(DagRunState.Failed, run.Run.State);
            Assert.All(run.Tasks.Values, t => Assert.True(t.State.IsFinished(), $"{t.TaskId} is {t.State}"));
            Assert.True(File.Exists(Host.HoldFile));
        }
        finally
        {
            File.Delete(Host.HoldFile);
        }
    }

    private async Task<RunKey> TriggerAsync()
    {
        using var api = Host.Client(HostUnderTest.OperatorKey);
        var response = await api.PostAsJsonAsync($"api/v1/dags/{DagId}/dagRuns", new { conf = new { } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return new RunKey(DagId, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("run_id").GetString()!);
    }

    private async Task<JsonElement> AlertAsync(string kind, RunKey run)
    {
        JsonElement found = default;
        await Host.WaitForAsync(() => Task.FromResult(loop.Receiver.Alerts.Any(a =>
        {
            found = a;
            return a.GetProperty("event").GetString() == kind && a.GetProperty("run_id").GetString() == run.RunId;
        })), TimeSpan.FromSeconds(120), $"the {kind} alert of {run.RunId}");
        return found;
    }

    // A page of another site holding the alert as a chat shows it: its summary, error and link.
    private static async Task ShowInChatAsync(IPage page, JsonElement alert)
    {
        const string chat = "http://chat.example/oncall";
        string Text(string name) => WebUtility.HtmlEncode(alert.GetProperty(name).GetString() ?? "");
        var body = $"""
            <html><body style="font-family:sans-serif;padding:24px;max-width:720px">
            <h3>#data-oncall</h3>
            <div style="border-left:4px solid #d32f2f;padding:8px 16px;background:#fafafa">
            <b>{Text("event")}: {Text("dag_id")}.{Text("task_id")}</b> (try {alert.GetProperty("try_number").GetInt32()} of {alert.GetProperty("max_tries").GetInt32()})<br>
            {Text("summary")}<br><code>{Text("error")}</code><br>
            <a id="alert-link" href="{Text("url")}">Open in the web UI</a>
            </div></body></html>
            """;
        await page.RouteAsync(chat, route => route.FulfillAsync(new RouteFulfillOptions { ContentType = "text/html", Body = body }));
        await page.GotoAsync(chat);
    }

    // Records, in the page, when each numbered line is first shown (the browser's clock; the task wrote its own clock).
    private static Task WatchLogLinesAsync(IPage page) => page.EvaluateAsync("""
        () => {
            window.loopSeen = {};
            const record = () => {
                const now = Date.now();
                for (const span of document.querySelectorAll('[data-testid=task-log] span')) {
                    const m = /line (\d+) written at (\d+) ms/.exec(span.textContent);
                    if (m && !(m[1] in window.loopSeen)) window.loopSeen[m[1]] = { written: Number(m[2]), seen: now };
                }
            };
            window.loopFirst = Object.keys((record(), window.loopSeen)).length;
            new MutationObserver(record).observe(document.body, { childList: true, subtree: true, characterData: true });
        }
        """);

    // Latencies of the lines that appeared after the watch started (those shown on arrival are not timed).
    private static async Task<IReadOnlyList<double>> LatenciesAsync(IPage page, int atLeast)
    {
        await page.WaitForFunctionAsync($"() => Object.keys(window.loopSeen).length - window.loopFirst >= {atLeast}", null,
            new PageWaitForFunctionOptions { Timeout = (float)UiSession.Bound.TotalMilliseconds });
        var seen = await page.EvaluateAsync<JsonElement>("() => ({ first: window.loopFirst, lines: Object.entries(window.loopSeen).map(([n, l]) => [Number(n), l.seen - l.written]) })");
        var skip = seen.GetProperty("first").GetInt32();
        return [.. seen.GetProperty("lines").EnumerateArray().OrderBy(l => l[0].GetInt32()).Skip(skip).Select(l => l[1].GetDouble())];
    }

    private void Report(IReadOnlyList<double> latencies)
    {
        var sorted = latencies.Order().ToList();
        var p50 = sorted[sorted.Count / 2];
        var text = string.Create(CultureInfo.InvariantCulture,
            $"Log-visible latency (line written by the task -> shown on the try page), {sorted.Count} lines: p50 {p50:F0} ms, max {sorted[^1]:F0} ms, min {sorted[0]:F0} ms; load {File.ReadAllText("/proc/loadavg").Trim()}");
        output.WriteLine(text);
        Console.WriteLine(text);
    }
}
