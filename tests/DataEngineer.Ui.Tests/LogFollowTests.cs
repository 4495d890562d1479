using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using Microsoft.Playwright;
using Xunit;

namespace DataEngineer.Ui.Tests;

/// <summary>
/// Following a running try's log against the real host: the try page shows lines while the try runs (the task waits
/// for a release file the test creates only after the browser has shown them) and the rest once it ends, without a
/// reload; the REST log endpoint tails by offset; the page filters, searches and downloads the log.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class LogFollowTests(HostUnderTest host, BrowserFixture browser) : IDisposable
{
    private const string DagId = "it_streamed_log";
    private static readonly LocatorAssertionsToContainTextOptions Bounded = new() { Timeout = (float)UiSession.Bound.TotalMilliseconds };
    private readonly string _releaseFile = Path.Combine(Path.GetTempPath(), $"dataengineer-ui-release-{Guid.NewGuid():N}");

    public void Dispose() => File.Delete(_releaseFile);

    private async Task<RunKey> TriggerAsync(string logicalDate)
    {
        await host.Store.SetPausedAsync(DagId, false);
        using var api = host.Client(HostUnderTest.OperatorKey);
        var response = await api.PostAsJsonAsync($"api/v1/dags/{DagId}/dagRuns", new { logical_date = logicalDate, conf = new { releaseFile = _releaseFile, lines = 3 } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return new RunKey(DagId, body.RootElement.GetProperty("run_id").GetString()!);
    }

    private async Task<RunKey> TriggerAndWaitUntilRunningAsync(string logicalDate)
    {
        var key = await TriggerAsync(logicalDate);
        await host.WaitForAsync(async () => (await host.Store.GetRunAsync(key))?.Tasks["talk"].State == TaskInstanceState.Running, UiSession.Bound, "talk to run");
        return key;
    }

    private static string TryPath(RunKey key) => $"dags/{DagId}/runs/{Uri.EscapeDataString(key.RunId)}/tasks/talk/tries/1";

    [Fact]
    public async Task TryPage_ShowsLinesWhileTheTryRuns_ThenTheRestWhenItEnds_AndStopsFollowing()
    {
        var key = await TriggerAndWaitUntilRunningAsync("2024-05-01T00:00:00Z");
        await using var ui = await UiSession.LogInAsync(browser, host, "vic");
        await ui.GoAsync(TryPath(key));

        var log = ui.Page.Locator("[data-testid=task-log]");
        await Assertions.Expect(log).ToContainTextAsync("waiting for the release file", Bounded);
        await Assertions.Expect(ui.Page.Locator("[data-testid=log-live]")).ToBeVisibleAsync();
        await ui.ScreenshotAsync("task-log-following");

        // Still running: the task cannot end before the file exists.
        Assert.False(File.Exists(_releaseFile));
        Assert.Equal(TaskInstanceState.Running, (await host.Store.GetRunAsync(key))!.Tasks["talk"].State);
        Assert.DoesNotContain("released; the last line", await log.InnerTextAsync(), StringComparison.Ordinal);

        await File.WriteAllTextAsync(_releaseFile, "go");

        await Assertions.Expect(log).ToContainTextAsync("released; the last line", Bounded);
        await ui.WaitForStateAsync("try-state", "success");
        await Assertions.Expect(ui.Page.Locator("[data-testid=log-live]")).ToHaveCountAsync(0, new() { Timeout = (float)UiSession.Bound.TotalMilliseconds });
        var shown = (await log.InnerTextAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var stored = await host.Store.GetLogAsync(key, "talk", 1);
        Assert.Equal(stored.Select(l => l.Message), shown.Select(l => stored.Single(s => l.EndsWith(s.Message, StringComparison.Ordinal)).Message));
        Assert.Equal(1, await log.Locator("span", new() { HasTextString = "streamed line 1 of 3" }).CountAsync());
    }

    [Fact]
    public async Task RestLog_TailsByOffset_UntilTheTryEnds()
    {
        var key = await TriggerAndWaitUntilRunningAsync("2024-05-02T00:00:00Z");
        using var api = host.Client(HostUnderTest.ViewerKey);
        var path = $"api/v1/dags/{DagId}/dagRuns/{Uri.EscapeDataString(key.RunId)}/taskInstances/talk/logs/1";

        JsonElement first = default;
        await host.WaitForAsync(async () =>
        {
            first = await api.GetFromJsonAsync<JsonElement>(path);
            return first.GetProperty("lines").EnumerateArray().Any(l => l.GetProperty("message").GetString() == "waiting for the release file");
        }, UiSession.Bound, "the running try's lines through REST");
        Assert.Equal("running", first.GetProperty("try_state").GetString());
        var offset = first.GetProperty("next_offset").GetInt32();
        Assert.Equal(first.GetProperty("lines").GetArrayLength(), offset);

        await File.WriteAllTextAsync(_releaseFile, "go");
        await host.WaitForRunAsync(key, s => s.Run.State.IsFinished(), "the run to finish");
        var rest = await api.GetFromJsonAsync<JsonElement>($"{path}?offset={offset}");

        Assert.Equal("success", rest.GetProperty("try_state").GetString());
        var messages = rest.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("message").GetString()).ToList();
        Assert.Contains("released; the last line", messages);
        Assert.DoesNotContain("waiting for the release file", messages);
        var all = await host.Store.GetLogAsync(key, "talk", 1);
        Assert.Equal(all.Skip(offset).Select(l => l.Message), messages);
        Assert.Equal(all.Count, rest.GetProperty("next_offset").GetInt32());

        using var unknown = await api.GetAsync(path.Replace("/logs/1", "/logs/9", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains($"Task 'talk' has tries 1 to 1 in run '{key.RunId}', not 9.", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TryPage_FiltersByLevel_Searches_AndDownloadsTheLogAsText()
    {
        await File.WriteAllTextAsync(_releaseFile, "go");
        var key = await TriggerAsync("2024-05-03T00:00:00Z");
        await host.WaitForRunAsync(key, s => s.Run.State == DagRunState.Success, "the run to succeed");
        await using var ui = await UiSession.LogInAsync(browser, host, "vic");
        await ui.GoAsync(TryPath(key));
        var log = ui.Page.Locator("[data-testid=task-log]");
        await Assertions.Expect(log).ToContainTextAsync("released; the last line", Bounded);
        var total = (await host.Store.GetLogAsync(key, "talk", 1)).Count;

        await ui.Page.SelectOptionAsync("[data-testid=log-level]", "WARNING");
        await Assertions.Expect(ui.Page.Locator("[data-testid=log-count]")).ToContainTextAsync($"1 of {total} lines", Bounded);
        var warnings = await log.InnerTextAsync();
        Assert.Contains("a warning while running", warnings, StringComparison.Ordinal);
        Assert.DoesNotContain("streamed line", warnings, StringComparison.Ordinal);
        await ui.ScreenshotAsync("task-log-filtered");

        await ui.Page.SelectOptionAsync("[data-testid=log-level]", "");
        await ui.Page.FillAsync("[data-testid=log-search]", "LINE 2");
        await Assertions.Expect(ui.Page.Locator("[data-testid=log-count]")).ToContainTextAsync($"1 of {total} lines", Bounded);
        await Assertions.Expect(log).ToContainTextAsync("streamed line 2 of 3", Bounded);
        await ui.Page.FillAsync("[data-testid=log-search]", "no such text anywhere");
        await Assertions.Expect(ui.Page.Locator("[data-testid=log-none-match]")).ToBeVisibleAsync();

        // The download link serves the log as text, with the page's session; without one, the login page.
        var href = await ui.Page.GetAttributeAsync("[data-testid=log-download]", "href");
        var download = await ui.Page.APIRequest.GetAsync(new Uri(host.BaseUrl, href).ToString());
        Assert.Equal(200, download.Status);
        Assert.StartsWith("text/plain", download.Headers["content-type"], StringComparison.Ordinal);
        var text = await download.TextAsync();
        Assert.Equal((await host.Store.GetLogAsync(key, "talk", 1)).Select(l => l.ToText() + "\n"), text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l + "\n"));
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseUrl };
        using var refused = await anonymous.GetAsync(href);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/account/login", refused.Headers.Location!.ToString(), StringComparison.Ordinal);

        var unknown = await ui.Page.APIRequest.GetAsync(new Uri(host.BaseUrl, $"dags/{DagId}/runs/{Uri.EscapeDataString(key.RunId)}/tasks/talk/tries/7/log.txt").ToString());
        Assert.Equal(404, unknown.Status);
        Assert.Equal($"Task 'talk' has tries 1 to 1 in run '{key.RunId}', not 7.", await unknown.TextAsync());
    }
}
