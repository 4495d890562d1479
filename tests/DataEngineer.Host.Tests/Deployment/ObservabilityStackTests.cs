using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Text.RegularExpressions;
using DataEngineer.Core.Telemetry;
using DataEngineer.Testing;
using Xunit;
using YamlDotNet.Serialization;

namespace DataEngineer.Host.Tests.Deployment;

/// <summary>
/// The compose file's metrics path, checked structurally (no Docker engine here): the collector writes metrics to
/// Prometheus, Grafana is provisioned with Prometheus and the shipped dashboard, and every series the dashboard queries
/// is one the engine's meter really produces, under the name Prometheus gives it.
/// </summary>
public sealed partial class ObservabilityStackTests
{
    private static readonly ComposeFile Compose = ComposeFile.Load(Path.Combine(RepositoryPaths.Root, "docker-compose.yml"));

    private static readonly string DashboardFolder = Path.Combine(RepositoryPaths.Root, "deploy", "grafana", "dashboards");

    private static KeyValuePair<string, Dictionary<object, object>> ServiceWithImage(string prefix) =>
        Compose.Services.Single(s => ComposeFile.Text(s.Value, "image")?.StartsWith(prefix, StringComparison.Ordinal) == true);

    private static Dictionary<object, object> Config(Dictionary<object, object> service, string target) =>
        new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(Compose.ConfigContent(
            ComposeFile.Text(((List<object>)service["configs"]).Cast<Dictionary<object, object>>().Single(c => ComposeFile.Text(c, "target") == target), "source")!));

    [Fact]
    public void Collector_WritesMetricsToPrometheus_WhichAcceptsRemoteWrite()
    {
        var collector = ServiceWithImage("public.ecr.aws/aws-observability/aws-otel-collector:");
        var (prometheus, definition) = ServiceWithImage("prom/prometheus:");
        var yaml = Config(collector.Value, "/etc/otel-collector.yaml");

        var metrics = ComposeFile.Map(ComposeFile.Map(ComposeFile.Map(yaml, "service"), "pipelines"), "metrics");
        var exporterName = Assert.Single(((List<object>)metrics["exporters"]).Cast<string>());
        Assert.StartsWith("prometheusremotewrite", exporterName, StringComparison.Ordinal);
        var endpoint = new Uri(ComposeFile.Text(ComposeFile.Map(ComposeFile.Map(yaml, "exporters"), exporterName), "endpoint")!);
        Assert.Equal(prometheus, endpoint.Host);
        Assert.Equal("/api/v1/write", endpoint.AbsolutePath);
        Assert.Contains("--web.enable-remote-write-receiver", ComposeFile.List(definition, "command"));
        Assert.True(ComposeFile.Map(collector.Value, "depends_on").ContainsKey(prometheus), "the collector does not wait for Prometheus");
    }

    [Fact]
    public void Grafana_IsProvisionedWithPrometheusAndTheShippedDashboard()
    {
        var (_, grafana) = ServiceWithImage("grafana/grafana:");
        var (prometheus, _) = ServiceWithImage("prom/prometheus:");
        var datasources = ((List<object>)Config(grafana, "/etc/grafana/provisioning/datasources/datasources.yaml")["datasources"]).Cast<Dictionary<object, object>>().ToList();
        var promSource = datasources.Single(d => ComposeFile.Text(d, "type") == "prometheus");
        Assert.Equal(prometheus, new Uri(ComposeFile.Text(promSource, "url")!).Host);

        var provider = ((List<object>)Config(grafana, "/etc/grafana/provisioning/dashboards/dashboards.yaml")["providers"]).Cast<Dictionary<object, object>>().Single();
        var path = ComposeFile.Text(ComposeFile.Map(provider, "options"), "path");
        var mount = ComposeFile.List(grafana, "volumes").Select(v => v.Split(':')).Single(v => v[1] == path);
        Assert.Equal(DashboardFolder, Path.GetFullPath(Path.Combine(RepositoryPaths.Root, mount[0])));

        var uids = datasources.Select(d => ComposeFile.Text(d, "uid")).ToHashSet();
        foreach (var panel in Panels())
        {
            Assert.Contains(panel.GetProperty("datasource").GetProperty("uid").GetString(), uids);
        }
    }

    [Fact]
    public void Dashboard_QueriesOnlySeriesTheEngineProduces_AndCoversThroughputFailuresLagQueueDepthAndFreshness()
    {
        var produced = EngineSeries();
        var expressions = Panels().SelectMany(p => p.GetProperty("targets").EnumerateArray()).Select(t => t.GetProperty("expr").GetString()!).ToList();
        var queried = expressions.SelectMany(e => SeriesName().Matches(e).Select(m => m.Value)).ToHashSet();

        Assert.Empty(queried.Except(produced));
        Assert.Contains("dataengineer_task_tries_total", queried);
        Assert.Contains(expressions, e => e.Contains("dataengineer_task_tries_total{state=\"failed\"}", StringComparison.Ordinal));
        Assert.Contains("dataengineer_scheduler_lag_seconds_bucket", queried);
        Assert.Contains("dataengineer_queue_depth", queried);
        Assert.Contains("dataengineer_dataset_freshness_age_seconds", queried);
    }

    [Fact]
    public void EngineSeries_FollowPrometheusNaming()
    {
        var produced = EngineSeries();

        Assert.Contains("dataengineer_task_duration_seconds_bucket", produced);
        Assert.Contains("dataengineer_alerts_failed_total", produced);
        Assert.DoesNotContain("dataengineer_queue_depth_total", produced);
    }

    private static List<JsonElement> Panels()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(DashboardFolder, "dataengineer.json")));
        return document.RootElement.GetProperty("panels").EnumerateArray().Select(p => p.Clone()).ToList();
    }

    // The series names the collector's Prometheus exporter gives the engine's instruments: dots become underscores,
    // a unit of seconds adds _seconds, a counter adds _total, a histogram is _bucket, _sum and _count.
    private static HashSet<string> EngineSeries()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name != EngineTelemetry.Name)
                {
                    return;
                }

                var name = instrument.Name.Replace('.', '_') + (instrument.Unit == "s" ? "_seconds" : "");
                var type = instrument.GetType().GetGenericTypeDefinition();
                if (type == typeof(Counter<>))
                {
                    names.Add(name + "_total");
                }
                else if (type == typeof(Histogram<>))
                {
                    names.UnionWith([name + "_bucket", name + "_sum", name + "_count"]);
                }
                else
                {
                    names.Add(name);
                }
            },
        };
        _ = EngineTelemetry.Meter;
        listener.Start();
        return names;
    }

    [GeneratedRegex("dataengineer_[a-z_]+")]
    private static partial Regex SeriesName();
}
