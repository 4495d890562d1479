using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataEngineer.Core.Alerts;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Postgres.Metadata;
using DataEngineer.Sdk;
using Microsoft.Playwright;
using Xunit;

namespace DataEngineer.Ui.Tests;

/// <summary>
/// What on-call staff look at beyond runs, in the browser against the real host: the source of the DAG
/// version a run used, a try's trace id linked to the trace viewer, which worker runs which try, dataset
/// freshness and row-count trends, and the alert history with delivery status. The REST API says the same.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class ObservabilityFlowTests(HostUnderTest host, BrowserFixture browser)
{
    [Fact]
    public async Task Viewer_ReadsCodeOfTheRunsVersion_TraceIdOfTheTry_AndWhichWorkerRunsWhat()
    {
        await File.WriteAllTextAsync(host.HoldFile, "hold");
        var key = await TriggerAsync(FolderDag.DagId);
        await host.WaitForRunAsync(key, s => s.Tasks["linger"].State == TaskInstanceState.Running, "linger to start");
        await using var ui = await UiSession.LogInAsync(browser, host, "vic");

        // Health: the worker process and the try it runs now.
        await ui.GoAsync("status");
        var running = ui.Page.Locator("[data-testid=worker-try]", new PageLocatorOptions { HasText = $"{FolderDag.DagId} / {key.RunId} / linger #1" });
        await running.WaitForAsync();
        await Assertions.Expect(ui.Page.Locator("[data-testid=worker-row]", new PageLocatorOptions { Has = running })).ToContainTextAsync("1 /");
        await ui.ScreenshotAsync("health");
        File.Delete(host.HoldFile);
        var done = await host.WaitForRunAsync(key, s => s.Run.State == DagRunState.Success, "the folder DAG's run to succeed");
        await Assertions.Expect(running).ToHaveCountAsync(0);

        // Code: the DAG page's code tab shows the file the run's version was compiled from, with line numbers.
        await ui.GoAsync($"dags/{FolderDag.DagId}");
        await ui.Page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "Code" }).ClickAsync();
        await Assertions.Expect(ui.Page.Locator("[data-testid=code-version]")).ToHaveTextAsync($"DAG version {done.Run.DagVersion}, the one run {key.RunId} used.");
        await Assertions.Expect(ui.Page.Locator("[data-testid=code-file]")).ToHaveTextAsync(FolderDag.FileName);
        var lines = host.FolderDagSource.Split('\n');
        await Assertions.Expect(ui.Page.Locator("[data-testid=code-view] tr")).ToHaveCountAsync(lines.Length);
        var greetingLine = ui.Page.Locator("[data-testid=code-view] tr", new PageLocatorOptions { HasText = "hello from the folder" });
        await Assertions.Expect(greetingLine.Locator(".code-line-number")).ToHaveTextAsync((Array.FindIndex(lines, l => l.Contains("hello from the folder", StringComparison.Ordinal)) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(greetingLine.Locator(".tok-string")).ToHaveTextAsync("\"hello from the folder\"");
        await ui.ScreenshotAsync("dag-code");

        // A DAG from a compiled assembly has no source to show, and says so.
        await ui.GoAsync("dags/ui_flaky");
        await ui.Page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "Code" }).ClickAsync();
        await Assertions.Expect(ui.Page.Locator("[data-testid=code-none]")).ToContainTextAsync("Compiled DAG, no source");

        // The try page: the trace id the worker recorded when the try's span started, linked to the trace viewer.
        var traces = await host.Store.ListTryTracesAsync(key, "say_hello");
        var trace = traces[1];
        Assert.Matches("^[0-9a-f]{32}$", trace.TraceId);
        await ui.GoAsync($"dags/{FolderDag.DagId}/runs/{Uri.EscapeDataString(key.RunId)}/tasks/say_hello/tries/1");
        var link = ui.Page.Locator("[data-testid=trace-link]");
        await Assertions.Expect(link).ToHaveTextAsync(trace.TraceId);
        await Assertions.Expect(link).ToHaveAttributeAsync("href", HostUnderTest.TraceUrl.Replace("{traceId}", trace.TraceId, StringComparison.Ordinal));
        await Assertions.Expect(ui.Page.Locator("[data-testid=task-log]")).ToContainTextAsync("hello from the folder, 42 times");
        await ui.ScreenshotAsync("task-trace");

        // The REST API: the run's version, its code, and the try's trace.
        using var api = host.Client(HostUnderTest.ViewerKey);
        using var run = JsonDocument.Parse(await api.GetStringAsync($"api/v1/dags/{FolderDag.DagId}/dagRuns/{Uri.EscapeDataString(key.RunId)}"));
        Assert.Equal(done.Run.DagVersion, run.RootElement.GetProperty("run").GetProperty("dag_version").GetString());
        using var code = JsonDocument.Parse(await api.GetStringAsync($"api/v1/dags/{FolderDag.DagId}/versions/{done.Run.DagVersion}/code"));
        Assert.True(code.RootElement.GetProperty("has_source").GetBoolean());
        var file = code.RootElement.GetProperty("files")[0];
        Assert.Equal(FolderDag.FileName, file.GetProperty("path").GetString());
        Assert.Equal(host.FolderDagSource, file.GetProperty("text").GetString());
        using var tries = JsonDocument.Parse(await api.GetStringAsync($"api/v1/dags/{FolderDag.DagId}/dagRuns/{Uri.EscapeDataString(key.RunId)}/taskInstances/say_hello/tries"));
        Assert.Equal(trace.TraceId, tries.RootElement[0].GetProperty("trace_id").GetString());
        Assert.Equal(HostUnderTest.TraceUrl.Replace("{traceId}", trace.TraceId, StringComparison.Ordinal), tries.RootElement[0].GetProperty("trace_url").GetString());

        var flakyVersion = (await host.Store.GetDagAsync("ui_flaky"))!.Version;
        using var compiled = JsonDocument.Parse(await api.GetStringAsync($"api/v1/dags/ui_flaky/versions/{flakyVersion}/code"));
        Assert.False(compiled.RootElement.GetProperty("has_source").GetBoolean());
        Assert.StartsWith("Compiled DAG, no source", compiled.RootElement.GetProperty("note").GetString(), StringComparison.Ordinal);
        using var unknown = await api.GetAsync("api/v1/dags/ui_flaky/versions/nosuchversion/code");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Viewer_SeesFreshnessColours_RowCountTrendWithAnomaly_AndAlertDeliveryStatus()
    {
        var now = DateTimeOffset.UtcNow;
        var sla = TimeSpan.FromHours(24);
        var writes = new List<DatasetWrite>
        {
            Write("mart.daily_sales", "r_fresh", now.AddHours(-1), 5_120, sla),
            Write("staging.customers", "r_ageing", now.AddHours(-21), 880, sla),
            Write("raw.orders_feed", "r_breached", now.AddHours(-30), 73, sla),
        };
        long[] trend = [10_000, 10_240, 10_310, 10_450, 10_380, 10_520, 10_600, 10_480, 6_200, 10_720];
        writes.AddRange(trend.Select((rows, i) => Write("warehouse.orders", $"r_trend_{i}", now.AddHours(i - trend.Length), rows, sla)));
        await host.Store.RecordTryObservationsAsync(new TryObservations
        {
            Writes = writes,
            Events =
            [
                new QualityEvent
                {
                    Kind = QualityEventKinds.RowCountAnomaly, Severity = "warn", Dataset = "warehouse.orders", DagId = "ui_flaky", RunId = "r_trend_8",
                    TaskId = "load", Message = "6,200 rows is far below the usual ~10,400", At = now.AddHours(-2),
                },
            ],
        });
        var (sent, failed) = await RecordAlertsAsync(now);

        await using var ui = await UiSession.LogInAsync(browser, host, "vic");
        await ui.GoAsync("datasets");
        await AssertFreshnessAsync(ui, "mart.daily_sales", "fresh", "rgb(46, 155, 62)");
        await AssertFreshnessAsync(ui, "staging.customers", "ageing", "rgb(255, 160, 0)");
        await AssertFreshnessAsync(ui, "raw.orders_feed", "breached", "rgb(211, 47, 47)");
        await ui.ScreenshotAsync("datasets");

        await ui.Page.ClickAsync("[data-testid='dataset-warehouse.orders'] a.dag-link");
        await ui.WaitUntilLiveAsync();
        await Assertions.Expect(ui.Page.Locator("[data-testid=row-count-chart] svg")).ToBeVisibleAsync();
        await Assertions.Expect(ui.Page.Locator("[data-testid=row-count-chart] [data-testid=trend-anomaly]")).ToHaveAttributeAsync("data-rows", "6200");
        await Assertions.Expect(ui.Page.Locator("[data-testid=row-count-chart] [data-testid=trend-band]")).ToHaveCountAsync(3);  // from the 8th write on
        await Assertions.Expect(ui.Page.Locator("[data-testid=anomaly-table]")).ToContainTextAsync("6,200 rows is far below the usual");
        await ui.ScreenshotAsync("dataset-trend");

        await ui.GoAsync("alerts");
        await Assertions.Expect(ui.Page.Locator($"[data-testid=alert-status-{sent}]")).ToHaveTextAsync("sent");
        await Assertions.Expect(ui.Page.Locator($"[data-testid=alert-status-{failed}]")).ToHaveTextAsync("failed");
        await Assertions.Expect(ui.Page.Locator($"[data-testid=alert-error-{failed}]")).ToHaveTextAsync("SMTP 550: mailbox unavailable");
        await ui.ScreenshotAsync("alerts");
    }

    private static async Task AssertFreshnessAsync(UiSession ui, string dataset, string level, string colour)
    {
        var chip = ui.Page.Locator($"[data-testid='freshness-{dataset}']");
        await Assertions.Expect(chip).ToHaveAttributeAsync("data-level", level);
        await Assertions.Expect(chip).ToHaveCSSAsync("background-color", colour);
    }

    // Alerts due only in the far future, so the host's deliverer leaves them to this test, which marks them.
    private async Task<(long Sent, long Failed)> RecordAlertsAsync(DateTimeOffset now)
    {
        var alerts = (PostgresMetadataStore)host.Store;
        foreach (var (key, recipient) in new[] { ("flow-sent", "oncall-email"), ("flow-failed", "team-email") })
        {
            await alerts.RecordAlertAsync(new AlertRecord
            {
                EventKey = key, Kind = AlertEvents.Failure, Recipient = recipient, Channel = recipient, DagId = "ui_flaky", RunId = "r_trend_4", TaskId = "load",
                Subject = $"ui_flaky.load failed ({key})", Body = "The load task failed.", PayloadJson = "{}", CreatedAt = now.AddMinutes(-5),
                NextAttemptAt = now.AddYears(50),
            });
        }

        var recorded = await alerts.ListAlertsAsync(100);
        var sent = recorded.Single(a => a.EventKey == "flow-sent").Id;
        var failed = recorded.Single(a => a.EventKey == "flow-failed").Id;
        await alerts.MarkAlertSentAsync(sent, now.AddMinutes(-4));
        await alerts.MarkAlertFailedAsync(failed, "SMTP 550: mailbox unavailable", null);
        return (sent, failed);
    }

    private static DatasetWrite Write(string dataset, string runId, DateTimeOffset at, long rows, TimeSpan sla) => new()
    {
        Dataset = dataset, DagId = "ui_flaky", RunId = runId, TaskId = "load", TryNumber = 1, At = at, LogicalDate = at, RowCount = rows, RowsWritten = rows,
        FreshnessSla = sla, Columns = [new("id", "bigint"), new("amount", "numeric")],
    };

    private async Task<RunKey> TriggerAsync(string dagId)
    {
        using var api = host.Client(HostUnderTest.OperatorKey);
        var response = await api.PostAsJsonAsync($"api/v1/dags/{dagId}/dagRuns", new { conf = new { } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return new RunKey(dagId, body.RootElement.GetProperty("run_id").GetString()!);
    }
}
