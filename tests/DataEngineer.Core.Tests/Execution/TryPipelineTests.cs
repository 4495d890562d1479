using System.Diagnostics;
using DataEngineer.Core.Execution;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Telemetry;
using DataEngineer.Core.Tests.Fixtures;
using DataEngineer.Core.Validation;
using DataEngineer.Sdk;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace DataEngineer.Core.Tests.Execution;

/// <summary>
/// One try pipeline, three paths to a try's end: the distributed worker, the local runner of <c>dags test</c>, and the
/// zombie reaper. The same filters see each end alike; the two that run the try also wrap it, with its log masked.
/// </summary>
public sealed class TryPipelineTests
{
    private const string Token = "tok-8a7Q-secret";
    private static readonly DateTimeOffset Day = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly DagGraph Graph = DagValidator.Validate(new TestDag("pipeline_paths", d => d.Task("work", ctx =>
    {
        ctx.Logger.LogInformation("Calling the vendor with {ApiToken}", Token);
        throw new InvalidOperationException("the vendor is down");
    }, new TaskOptions { Retries = 0 })).Build());

    [Fact]
    public async Task TryEnd_ThroughWorkerLocalRunnerAndReaper_SameFiltersSeeTheSameEnd()
    {
        var worker = await ThroughWorkerAsync();
        var local = await ThroughLocalRunnerAsync();
        var reaper = await ThroughReaperAsync();

        string[] ran = ["starting work try 1", "ran work try 1: failed", "ended work try 1: failed"];
        Assert.Equal(ran, worker.Events);
        Assert.Equal(ran, local.Events);
        string[] reaped = ["ended work try 1: failed"];
        Assert.Equal(reaped, reaper.Events);

        // The try's log passes the filters masked, whichever process ran it.
        foreach (var lines in new[] { worker.Lines, local.Lines })
        {
            Assert.Contains(lines, l => l.StartsWith("Calling the vendor with ", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.Contains(Token, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Reaper_DeadTry_RecordsItsSpanAsAFailedTryFromItsStart()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == EngineTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.GetTagItem("dataengineer.dag_id") as string == Graph.DagId && activity.GetTagItem("dataengineer.reaped") is true)
                {
                    lock (spans)
                    {
                        spans.Add(activity);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        await ThroughReaperAsync();

        var span = Assert.Single(spans);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("failed", span.GetTagItem("dataengineer.state"));
        Assert.True(span.Duration >= TimeSpan.FromMinutes(9), $"the span covers the try from its start 10 minutes ago, not {span.Duration}");
    }

    private static TryPipeline PipelineOf(IMetadataStore store, RecordingTryFilter recorder) =>
        TryPipeline.Standard(store, TimeProvider.System, new TaskRuntimeOptions(), new StaticDagRegistry([Graph]), NullLogger.Instance, [recorder]);

    private static async Task<(InMemoryMetadataStore Store, RunKey Key)> CreateRunAsync()
    {
        var store = new InMemoryMetadataStore();
        var (run, tasks) = DagRunFactory.Create(Graph, DagRunType.Manual, new DataInterval(Day, Day), RunConf.Empty, DateTimeOffset.UtcNow);
        await store.CreateRunAsync(run, tasks);
        return (store, run.Key);
    }

    private static async Task<RecordingTryFilter> ThroughWorkerAsync()
    {
        var recorder = new RecordingTryFilter();
        var (store, key) = await CreateRunAsync();
        await store.UpdateRunAsync(key, s => RunProgression.Start(s, DateTimeOffset.UtcNow));
        await store.UpdateRunAsync(key, s => RunProgression.Advance(Graph, s, DateTimeOffset.UtcNow));
        await store.UpdateRunAsync(key, s => new RunChanges([s.Tasks["work"] with { State = TaskInstanceState.Queued, QueuedAt = DateTimeOffset.UtcNow }]));
        await using (var worker = new TaskWorker(store, new InProcessDispatcher(), new StaticDagRegistry([Graph]), TimeProvider.System, new WorkerOptions { Hostname = "w" },
                         new TaskRuntimeOptions(), NullLogger<TaskWorker>.Instance, PipelineOf(store, recorder)))
        {
            await worker.DrainQueueAsync(TaskSettings.DefaultQueue, CancellationToken.None);
        }

        Assert.Equal(TaskInstanceState.Failed, (await store.GetRunAsync(key))!.Tasks["work"].State);
        return recorder;
    }

    private static async Task<RecordingTryFilter> ThroughLocalRunnerAsync()
    {
        var recorder = new RecordingTryFilter();
        var (store, key) = await CreateRunAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));

        var ended = await new LocalDagRunner(store, TimeProvider.System, new TaskRuntimeOptions(), PipelineOf(store, recorder)).RunAsync(Graph, key, limit.Token);

        Assert.Equal(TaskInstanceState.Failed, ended.Tasks["work"].State);
        return recorder;
    }

    private static async Task<RecordingTryFilter> ThroughReaperAsync()
    {
        var recorder = new RecordingTryFilter();
        var (store, key) = await CreateRunAsync();
        var longAgo = DateTimeOffset.UtcNow.AddMinutes(-10);
        await store.UpdateRunWithOccupancyAsync(key, ClaimLimits.None, (s, occupancy) => RunProgression.Start(Graph, s, occupancy, longAgo));
        await store.UpdateRunAsync(key, s => RunProgression.Claim(s, "work", "dead-host", longAgo));
        var scheduler = new RunScheduler(store, store, store, store, store, store, store, new InProcessDispatcher(), new StaticDagRegistry([Graph]), TimeProvider.System,
            new SchedulerOptions { ZombieTimeout = TimeSpan.FromSeconds(5) }, NullLogger<RunScheduler>.Instance, PipelineOf(store, recorder));

        await scheduler.TickAsync(CancellationToken.None);

        Assert.Equal(TaskInstanceState.Failed, (await store.GetRunAsync(key))!.Tasks["work"].State);
        return recorder;
    }
}
