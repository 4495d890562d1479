using System.Diagnostics;
using DataEngineer.Core.Execution;
using DataEngineer.Core.States;
using DataEngineer.Core.Telemetry;
using DataEngineer.Core.Validation;
using DataEngineer.Execution.Hosting;
using DataEngineer.Postgres.Metadata;
using DataEngineer.Sdk;
using DataEngineer.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Xunit;

namespace DataEngineer.Integration.Tests.Telemetry;

/// <summary>Spans and metrics of a run through the real worker and PostgreSQL store, captured with in-memory exporters.</summary>
[Collection(ProcessGlobalsCollection.Name)]
public sealed class EngineTelemetryTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task RunThroughTheWorker_SpansAndMetricsCarryDagTaskRunTryStateAndRows()
    {
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        using var tracing = OpenTelemetry.Sdk.CreateTracerProviderBuilder().AddSource(EngineTelemetry.Name).AddNpgsql().AddInMemoryExporter(spans).Build();
        using var metering = OpenTelemetry.Sdk.CreateMeterProviderBuilder().AddMeter(EngineTelemetry.Name).AddInMemoryExporter(metrics).Build();
        await using var source = NpgsqlDataSource.Create(database.ConnectionString);
        await SchemaMigrator.MigrateAsync(source);
        await JobStoreSchemas.InstallAsync(database.ConnectionString);
        var store = new PostgresMetadataStore(source);
        var registry = new StaticDagRegistry([DagValidator.Validate(new TelemetryDag().Build())]);
        var dispatcher = new ImmediateDispatcher();
        await using var worker = new TaskWorker(store, dispatcher, registry, TimeProvider.System,
            new WorkerOptions { Hostname = "telemetry", Concurrency = 2, Queues = new HashSet<string> { "default" } }, new TaskRuntimeOptions(), NullLogger<TaskWorker>.Instance);
        dispatcher.Worker = worker;
        var scheduler = new RunScheduler(store, store, store, store, store, store, store, dispatcher, registry, TimeProvider.System, new SchedulerOptions { DagsArePausedAtCreation = false }, NullLogger<RunScheduler>.Instance);
        await scheduler.SyncDagsAsync(CancellationToken.None);
        var graph = registry.Find("telemetry_dag")!;
        var day = new DateTimeOffset(2024, 7, 1, 0, 0, 0, TimeSpan.Zero);
        var (run, tasks) = DagRunFactory.Create(graph, DagRunType.Manual, new DataInterval(day, day), RunConf.Empty, DateTimeOffset.UtcNow);
        await store.CreateRunAsync(run, tasks);

        for (var i = 0; i < 600 && !(await store.GetRunAsync(run.Key))!.Run.State.IsFinished(); i++)
        {
            await scheduler.TickAsync(CancellationToken.None);
            await dispatcher.DrainAsync();
            await Task.Delay(20);
        }

        Assert.Equal(DagRunState.Success, (await store.GetRunAsync(run.Key))!.Run.State);
        tracing.ForceFlush();
        metering.ForceFlush();

        var mine = spans.Where(s => Tag(s, "dataengineer.run_id") == run.RunId && Tag(s, "dataengineer.dag_id") == "telemetry_dag").ToList();
        var tries = mine.Where(s => s.OperationName == "task_try").ToList();
        Assert.Equal(["extract:1:success", "flaky:1:failed", "flaky:2:success", "load:1:success"],
            tries.Select(s => $"{Tag(s, "dataengineer.task_id")}:{Tag(s, "dataengineer.try_number")}:{Tag(s, "dataengineer.state")}").Order());
        var extract = tries.Single(s => Tag(s, "dataengineer.task_id") == "extract");
        Assert.Equal(("10", "7", "3"), (Tag(extract, "dataengineer.rows_read"), Tag(extract, "dataengineer.rows_written"), Tag(extract, "dataengineer.rows_rejected")));
        Assert.Equal(ActivityStatusCode.Error, tries.Single(s => Tag(s, "dataengineer.state") == "failed").Status);
        var runSpan = Assert.Single(mine, s => s.OperationName == "dag_run");
        Assert.Equal("success", Tag(runSpan, "dataengineer.state"));
        Assert.All(mine, s => Assert.Equal(EngineTelemetry.RunContext("telemetry_dag", run.RunId).TraceId, s.TraceId));

        // The database calls a try makes (load reads extract's value) are spans inside the try's span.
        var load = tries.Single(s => Tag(s, "dataengineer.task_id") == "load");
        Assert.Contains(spans, s => s.Source.Name == "Npgsql" && s.ParentSpanId == load.SpanId && s.TraceId == load.TraceId);

        var names = metrics.Select(m => m.Name).ToHashSet();
        Assert.Contains("dataengineer.task.duration", names);
        Assert.Contains("dataengineer.task.handoff", names);
        Assert.Equal(1, Sum(metrics, "dataengineer.task.tries", ("dag_id", "telemetry_dag"), ("task_id", "flaky"), ("state", "failed")));
        Assert.Equal(1, Sum(metrics, "dataengineer.task.tries", ("dag_id", "telemetry_dag"), ("task_id", "flaky"), ("state", "success")));
        Assert.Equal(10, Sum(metrics, "dataengineer.task.rows", ("dag_id", "telemetry_dag"), ("task_id", "extract"), ("kind", "read")));
        Assert.Equal(3, Sum(metrics, "dataengineer.task.rows", ("dag_id", "telemetry_dag"), ("task_id", "extract"), ("kind", "rejected")));
        Assert.Equal(4, HistogramCount(metrics, "dataengineer.task.duration", ("dag_id", "telemetry_dag")));
    }

    private static string? Tag(Activity span, string name) => span.GetTagItem(name)?.ToString();

    private static bool Matches(ReadOnlyTagCollection tags, (string Key, string Value)[] wanted)
    {
        var all = new Dictionary<string, string?>();
        foreach (var tag in tags)
        {
            all[tag.Key] = tag.Value?.ToString();
        }

        return wanted.All(w => all.TryGetValue(w.Key, out var v) && v == w.Value);
    }

    private static long Sum(List<Metric> metrics, string name, params (string Key, string Value)[] tags)
    {
        long total = 0;
        foreach (var metric in metrics.Where(m => m.Name == name))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                if (Matches(point.Tags, tags))
                {
                    total += point.GetSumLong();
                }
            }
        }

        return total;
    }

    private static long HistogramCount(List<Metric> metrics, string name, params (string Key, string Value)[] tags)
    {
        long total = 0;
        foreach (var metric in metrics.Where(m => m.Name == name))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                if (Matches(point.Tags, tags))
                {
                    total += point.GetHistogramCount();
                }
            }
        }

        return total;
    }
}
