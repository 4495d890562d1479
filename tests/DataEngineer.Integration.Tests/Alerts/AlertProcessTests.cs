using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using DataEngineer.Core.Alerts;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Postgres.Metadata;
using DataEngineer.Sdk;
using Xunit;

namespace DataEngineer.Integration.Tests.Alerts;

/// <summary>
/// Alerts and health with real processes: two workers, a scheduler and a web host on one database,
/// a working webhook channel and one that is down.
/// </summary>
public sealed class AlertProcessTests : IAsyncLifetime
{
    private EngineCluster _cluster = null!;
    private WebhookReceiver _receiver = null!;
    private Dictionary<string, string> _extra = null!;
    private readonly int _webPort = FreePort();
    private const string ProbeKey = "probe-key-0123456789abcdef0123";

    // The readiness detail (each check) is for authenticated callers: the probe sends a viewer's API key.
    private readonly HttpClient _http = new() { DefaultRequestHeaders = { { "X-Api-Key", ProbeKey } } };

    public async Task InitializeAsync()
    {
        _cluster = await EngineCluster.CreateAsync();
        _receiver = await WebhookReceiver.StartAsync();
        _extra = new Dictionary<string, string>
        {
            ["DataEngineer__DagAssemblies"] = $"{EngineCluster.TestDagsPath};/nonexistent/broken_dags.dll",
            ["DataEngineer__BaseUrl"] = $"http://127.0.0.1:{_webPort}",
            ["DataEngineer__Alerts__Channels__hook__Type"] = "webhook",
            ["DataEngineer__Alerts__Channels__hook__Url"] = new Uri(_receiver.Url, "hooks/it-token").ToString(),
            ["DataEngineer__Alerts__Channels__hook__Secret"] = "it-secret",
            ["DataEngineer__Alerts__Channels__down__Type"] = "webhook",
            ["DataEngineer__Alerts__Channels__down__Url"] = "http://127.0.0.1:1/hooks/down-token",
            ["DataEngineer__Alerts__DefaultRecipients"] = "hook",
            ["DataEngineer__Web__ApiKeys__probe__Key"] = ProbeKey,
            ["DataEngineer__Web__ApiKeys__probe__Role"] = "viewer",
            ["DataEngineer__Alerts__FirstRetryDelaySeconds"] = "1",
            ["DataEngineer__Alerts__MaxAttempts"] = "2",
        };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _cluster.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task FailingTaskOnTwoWorkers_EachEventAlertsOnce_DownChannelRecordedAsFailed_RunUnaffected_HealthReady()
    {
        await _cluster.StartAsync(_extra, "webserver", "--port", _webPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync(Web("/health/live"))).StatusCode);
        // Ready for the load balancer on its database alone; the cluster (no scheduler, no worker yet) is not healthy.
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync(Web("/health/ready"))).StatusCode);
        var notReady = await _http.GetAsync(Web("/health/cluster"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        using (var report = JsonDocument.Parse(await notReady.Content.ReadAsStringAsync()))
        {
            var entries = report.RootElement.GetProperty("entries");
            Assert.Equal("Healthy", entries.GetProperty("database").GetProperty("status").GetString());
            Assert.Equal("Unhealthy", entries.GetProperty("scheduler").GetProperty("status").GetString());
            Assert.Equal("Unhealthy", entries.GetProperty("workers").GetProperty("status").GetString());
        }

        await _cluster.StartAsync(_extra, "worker");
        await _cluster.StartAsync(_extra, "worker");
        await _cluster.StartAsync(_extra, "scheduler");
        var trigger = await Cli.RunAsync(_cluster, _extra, "dags", "trigger", "it_alerting", "--date", "2024-05-01T00:00:00Z");
        Assert.True(trigger.ExitCode == 0, trigger.Error);
        var key = new RunKey("it_alerting", "manual__2024-05-01T00:00:00Z");

        var run = await _cluster.WaitForRunAsync(key, TimeSpan.FromSeconds(90));

        Assert.Equal(DagRunState.Failed, run.Run.State);
        var tries = await _cluster.Store.ListTriesAsync(key, "breaks");
        Assert.Equal([TaskInstanceState.UpForRetry, TaskInstanceState.Failed], tries.Select(t => t.State));
        Assert.All(tries, t => Assert.Equal("InvalidOperationException: the source file is missing", t.Error));

        // Settled: every alert to the hook sent, every alert to the down channel failed for good.
        await using var source = Npgsql.NpgsqlDataSource.Create(_cluster.ConnectionString);
        var alertStore = new PostgresMetadataStore(source);
        var alerts = await _cluster.WaitForAsync(() => alertStore.ListAlertsAsync(1000),
            a => a.Count(x => x.Channel == "hook" && x.Status == AlertStatus.Sent) == 3 && a.Count(x => x.Channel == "down" && x.Status == AlertStatus.Failed) == 2,
            TimeSpan.FromSeconds(60), "alerts to settle");
        Assert.Equal(5, alerts.Count);
        Assert.Equal([AlertEvents.Failure, AlertEvents.Retry, AlertEvents.ImportError], alerts.Where(a => a.Channel == "hook").Select(a => a.Kind).Order());
        Assert.All(alerts.Where(a => a.Channel == "down"), a =>
        {
            Assert.Equal(2, a.Attempts);
            Assert.Contains("HttpRequestException", a.LastError, StringComparison.Ordinal);
            Assert.DoesNotContain("down-token", a.LastError, StringComparison.Ordinal);
        });

        // Three processes published the import error and two delivered: the hook heard each event once.
        var hooks = _receiver.Received.Where(r => r.Token == "it-token").ToList();
        Assert.Equal(3, hooks.Count);
        Assert.All(hooks, h => Assert.Equal("it-secret", h.Headers["X-DataEngineer-Secret"]));
        var events = hooks.Select(h => JsonDocument.Parse(h.Body).RootElement).ToList();
        Assert.Equal(["dag_import_error", "task_failed", "task_retry"], events.Select(e => e.GetProperty("event").GetString()).Order());
        var failed = events.Single(e => e.GetProperty("event").GetString() == "task_failed");
        Assert.Equal(2, failed.GetProperty("try_number").GetInt32());
        Assert.Contains("about to break on try 2", failed.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal($"http://127.0.0.1:{_webPort}/dags/it_alerting/runs/manual__2024-05-01T00%3A00%3A00Z/tasks/breaks/tries/2", failed.GetProperty("url").GetString());
        Assert.Contains("broken_dags.dll", events.Single(e => e.GetProperty("event").GetString() == "dag_import_error").GetProperty("text").GetString(), StringComparison.Ordinal);

        var ready = await _cluster.WaitForAsync(() => _http.GetAsync(Web("/health/cluster")), r => r.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "cluster health");
        using (var report = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()))
        {
            var entries = report.RootElement.GetProperty("entries");
            Assert.Equal(2, entries.GetProperty("workers").GetProperty("data").GetProperty("workers").GetInt32());
        }

        var list = await Cli.RunAsync(_cluster, _extra, "alerts", "list", "--json");
        Assert.True(list.ExitCode == 0, list.Error);
        using var listed = JsonDocument.Parse(list.Out);
        Assert.Equal(5, listed.RootElement.GetArrayLength());
        Assert.Equal(["failed", "failed", "sent", "sent", "sent"], listed.RootElement.EnumerateArray().Select(a => a.GetProperty("status").GetString()).Order());
        Assert.DoesNotContain("it-secret", list.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AlertsTest_SendsThroughTheChannel_UnknownChannelAndBadConfigAreClearErrors()
    {
        var sent = await Cli.RunAsync(_cluster, _extra, "alerts", "test", "hook");
        Assert.True(sent.ExitCode == 0, sent.Error);
        Assert.Contains("Sent a test alert through 'hook'", sent.Out, StringComparison.Ordinal);
        var hook = Assert.Single(_receiver.Received);
        Assert.Contains("Test alert", JsonDocument.Parse(hook.Body).RootElement.GetProperty("text").GetString(), StringComparison.Ordinal);

        var unknown = await Cli.RunAsync(_cluster, _extra, "alerts", "test", "nope");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("No alert channel named 'nope'. Configured: down, hook.", unknown.Error, StringComparison.Ordinal);

        var down = await Cli.RunAsync(_cluster, _extra, "alerts", "test", "down");
        Assert.Equal(1, down.ExitCode);
        Assert.Contains("The test alert through 'down'", down.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("down-token", down.Error, StringComparison.Ordinal);

        var bad = new Dictionary<string, string>(_extra) { ["DataEngineer__Alerts__Channels__hook__Type"] = "pager" };
        var badType = await Cli.RunAsync(_cluster, bad, "alerts", "test", "hook");
        Assert.Equal(2, badType.ExitCode);
        Assert.Contains("DataEngineer:Alerts:Channels:hook:Type is 'pager'; set email or webhook.", badType.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", badType.Error, StringComparison.Ordinal);

        var badUrl = new Dictionary<string, string>(_extra) { ["DataEngineer__Alerts__Channels__hook__Url"] = "not a url with token-xyz" };
        var urlError = await Cli.RunAsync(_cluster, badUrl, "alerts", "test", "hook");
        Assert.Equal(2, urlError.ExitCode);
        Assert.Contains("DataEngineer:Alerts:Channels:hook:Url is not an absolute http or https URL.", urlError.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("token-xyz", urlError.Error, StringComparison.Ordinal);
    }

    private Uri Web(string path) => new($"http://127.0.0.1:{_webPort}{path}");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
