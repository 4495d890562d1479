using DataEngineer.Core.Storage;
using DataEngineer.Integration.Tests.Alerts;
using Xunit;

namespace DataEngineer.Integration.Tests.Telemetry;

/// <summary>A worker process with <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set exports its task spans over OTLP (to a real HTTP receiver on loopback).</summary>
public sealed class OtlpExportTests : IAsyncLifetime
{
    private EngineCluster _cluster = null!;
    private WebhookReceiver _collector = null!;

    public async Task InitializeAsync()
    {
        _cluster = await EngineCluster.CreateAsync();
        _collector = await WebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _collector.DisposeAsync();
    }

    [Fact]
    public async Task WorkerWithOtlpEndpoint_ExportsTheTaskTrySpans()
    {
        var otlp = new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = _collector.Url.ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "500",
        };
        await _cluster.StartAsync(otlp, "worker");
        await _cluster.StartAsync("scheduler");
        var trigger = await Cli.RunAsync(_cluster, "dags", "trigger", "it_alerting", "--date", "2024-06-01T00:00:00Z");
        Assert.True(trigger.ExitCode == 0, trigger.Error);

        await _cluster.WaitForRunAsync(new RunKey("it_alerting", "manual__2024-06-01T00:00:00Z"), TimeSpan.FromSeconds(90));

        // OTLP/protobuf carries span names and attribute values as plain UTF-8 strings.
        var traces = await _cluster.WaitForAsync(() => Task.FromResult(_collector.Received.Where(r => r.Token == "v1/traces").ToList()),
            t => t.Any(r => r.Body.Contains("task_try", StringComparison.Ordinal) && r.Body.Contains("it_alerting", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30), "task spans over OTLP");
        Assert.All(traces, t => Assert.Equal("application/x-protobuf", t.Headers["Content-Type"]));
        Assert.Contains(traces, t => t.Body.Contains("dataengineer.try_number", StringComparison.Ordinal) && t.Body.Contains("breaks", StringComparison.Ordinal));
    }
}
