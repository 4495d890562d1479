using DataEngineer.Core.Execution;
using DataEngineer.Core.States;
using DataEngineer.Core.Validation;
using DataEngineer.Integration.Tests.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace DataEngineer.Integration.Tests;

/// <summary>
/// A long catchup on PostgreSQL, worked off in batches by the scheduler's catch-up pass with a real worker running the
/// tasks: every missed interval runs exactly once, oldest first, never more runs at once than MaxActiveRuns, also when
/// the scheduler restarts midway and the old one races the new one.
/// </summary>
public sealed class CatchupTests : IAsyncLifetime
{
    private const int Days = 120;
    private const int MaxActiveRuns = 8;

    private EngineCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await EngineCluster.CreateAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task CatchUp_LongBacklogAcrossARestart_RunsEveryIntervalOnceInOrderWithinMaxActiveRuns()
    {
        var graph = DagValidator.Validate(new CatchupBacklogDag(Days, MaxActiveRuns).Build());
        var registry = new StaticDagRegistry([graph]);
        var dispatcher = new ImmediateDispatcher();
        await using var worker = new TaskWorker(_cluster.Store, dispatcher, registry, TimeProvider.System, new WorkerOptions { Hostname = "catchup", Concurrency = 4 },
            new TaskRuntimeOptions(), NullLogger<TaskWorker>.Instance);
        dispatcher.Worker = worker;
        var options = new SchedulerOptions { DagsArePausedAtCreation = false };
        var first = new RunScheduler(_cluster.Store, _cluster.Store, _cluster.Store, _cluster.Store, _cluster.Store, _cluster.Store, _cluster.Store, dispatcher, registry, TimeProvider.System, options, NullLogger<RunScheduler>.Instance);
        await first.SyncDagsAsync(CancellationToken.None);
        var restarted = (RunScheduler?)null;
        var mostActive = 0;
        var deadline = DateTimeOffset.UtcNow.AddMinutes(3);

        while (DateTimeOffset.UtcNow < deadline)
        {
            var passes = restarted is null
                ? [first.CatchUpAsync(graph, CancellationToken.None)]
                : new[] { first.CatchUpAsync(graph, CancellationToken.None), restarted.CatchUpAsync(graph, CancellationToken.None) };
            var waiting = await Task.WhenAll(passes);
            var runs = await _cluster.Store.ListRunsAsync(graph.DagId, limit: 1_000);
            mostActive = Math.Max(mostActive, runs.Count(r => !r.State.IsFinished()));
            await dispatcher.DrainAsync();
            if (!waiting.Any(w => w))
            {
                break;
            }

            // Midway, a second scheduler (a restarted process) joins while the first still passes.
            restarted ??= runs.Count >= Days / 2 ? new RunScheduler(_cluster.Store, _cluster.Store, _cluster.Store, _cluster.Store, _cluster.Store, _cluster.Store, _cluster.Store, dispatcher, registry, TimeProvider.System, options, NullLogger<RunScheduler>.Instance) : null;
        }

        var done = await _cluster.WaitForAsync(() => _cluster.Store.ListRunsAsync(graph.DagId, limit: 1_000),
            r => r.Count == Days && r.All(run => run.State.IsFinished()), TimeSpan.FromSeconds(120), $"{Days} finished catchup runs");
        var today = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero);
        Assert.NotNull(restarted);
        Assert.Equal(Enumerable.Range(1, Days).Select(d => today.AddDays(-d)), done.Select(r => r.LogicalDate));
        Assert.All(done, r => Assert.Equal((DagRunType.Scheduled, DagRunState.Success), (r.Type, r.State)));
        Assert.InRange(mostActive, 1, MaxActiveRuns);
        var tries = await Task.WhenAll(done.Select(r => _cluster.Store.ListTriesAsync(r.Key)));
        Assert.All(tries, t => Assert.Equal(["extract", "load"], t.Select(x => x.TaskId)));
    }
}
