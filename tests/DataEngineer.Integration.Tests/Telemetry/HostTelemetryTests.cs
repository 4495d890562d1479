using System.Diagnostics;
using DataEngineer.Core.Execution;
using DataEngineer.Core.Loading;
using DataEngineer.Core.Telemetry;
using DataEngineer.Host.Cli;
using DataEngineer.Host.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Xunit;

namespace DataEngineer.Integration.Tests.Telemetry;

/// <summary>
/// The host's OpenTelemetry setup (<see cref="EngineTelemetrySetup"/>) on the whole engine in this process, its spans
/// captured with an in-memory exporter: the resource a platform team filters on, and no traces from background polling.
/// </summary>
[Collection(ProcessGlobalsCollection.Name)]
public sealed class HostTelemetryTests
{
    [Fact]
    public async Task IdleHost_PollsTheDatabase_ButMakesNoRootNpgsqlSpans_AndCallsInsideATraceStayInIt()
    {
        var spans = new List<Activity>();
        await using var cluster = await EngineCluster.CreateAsync();
        var host = await InProcessEngine.StartAsync(cluster, new StaticDagRegistry(DagCatalog.FromAssemblies([typeof(TestDags.CatchupDag).Assembly])),
            new WorkerOptions { Hostname = "telemetry-idle", Concurrency = 2 }, pausedAtCreation: true, builder =>
            {
                EngineTelemetrySetup.Add(builder.Services, builder.Logging, builder.Configuration, "standalone", "telemetry-idle");
                builder.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans));
            });
        try
        {
            // Hangfire, Quartz, the scheduler's ticks and the heartbeats poll the database while nothing runs.
            await using var counter = NpgsqlDataSource.Create(cluster.ConnectionString);
            var before = await TransactionsAsync(counter);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
            long polls;
            // Less the counting queries' own transactions.
            for (var counted = 1; (polls = await TransactionsAsync(counter) - before - counted) < 50; counted++)
            {
                Assert.True(DateTime.UtcNow < deadline, $"Only {polls} transactions in 120 s: the engine did not poll.");
                await Task.Delay(500);
            }

            using (EngineTelemetry.Source.StartActivity("traced_operation"))
            {
                await cluster.Store.ListDagsAsync();
            }

            host.Services.GetRequiredService<TracerProvider>().ForceFlush();
            Activity[] captured;
            lock (spans)
            {
                captured = [.. spans];
            }

            var traced = Assert.Single(captured, s => s.OperationName == "traced_operation");
            Assert.Contains(captured, s => s.Source.Name == "Npgsql" && s.ParentSpanId == traced.SpanId);
            var roots = captured.Where(s => s.Source.Name == "Npgsql" && s.ParentSpanId == default).Select(s => s.DisplayName).ToList();
            Assert.True(roots.Count == 0, $"{roots.Count} root Npgsql spans after {polls} polling commands: {string.Join(", ", roots.Take(5))}");
        }
        finally
        {
            await InProcessEngine.StopAsync(host);
        }
    }

    // Committed transactions in the engine's database (the statistics lag by up to a second).
    private static async Task<long> TransactionsAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("SELECT pg_stat_clear_snapshot(); SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.NextResultAsync();
        await reader.ReadAsync();
        return reader.GetInt64(0);
    }

    [Fact]
    public void Resource_ByDefault_NamesTheServiceWithItsVersionInstanceAndRole()
    {
        var attributes = Resource(new Dictionary<string, string?>(), "worker", "worker-7");

        Assert.Equal(EngineTelemetrySetup.DefaultServiceName, attributes["service.name"]);
        Assert.Equal(HostVersion.Informational, attributes["service.version"]);
        Assert.Equal("worker-7", attributes["service.instance.id"]);
        Assert.Equal("worker", attributes[EngineTelemetrySetup.RoleAttribute]);
    }

    [Fact]
    public void Resource_OtelServiceNameAndResourceAttributes_WinOverTheDefaults()
    {
        var attributes = Resource(new Dictionary<string, string?>
        {
            ["OTEL_SERVICE_NAME"] = "orders-pipeline",
            ["OTEL_RESOURCE_ATTRIBUTES"] = "deployment.environment=staging,service.namespace=data,service.instance.id=pod-3",
        }, "scheduler", "host-a");

        Assert.Equal("orders-pipeline", attributes["service.name"]);
        Assert.Equal("staging", attributes["deployment.environment"]);
        Assert.Equal("data", attributes["service.namespace"]);
        Assert.Equal("pod-3", attributes["service.instance.id"]);
        Assert.Equal("scheduler", attributes[EngineTelemetrySetup.RoleAttribute]);
        Assert.Equal(HostVersion.Informational, attributes["service.version"]);
    }

    private static Dictionary<string, object> Resource(Dictionary<string, string?> settings, string role, string instance)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => EngineTelemetrySetup.Add(services, logging, configuration, role, instance));
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<TracerProvider>().GetResource().Attributes.ToDictionary(a => a.Key, a => a.Value);
    }
}
