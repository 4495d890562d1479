using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using Xunit;

namespace DataEngineer.Integration.Tests;

/// <summary>Retries, timeouts, trigger rules across two worker processes, and backfill, on real processes.</summary>
public sealed class RunBehaviourTests : IAsyncLifetime
{
    private EngineCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await EngineCluster.CreateAsync();
        await _cluster.StartAsync("worker", "--queues", "default");
        await _cluster.StartAsync("worker", "--queues", "other");
        await _cluster.StartAsync("scheduler");
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task RetryWaitsItsDelay_AndTimeoutCancelsTheTry()
    {
        var trigger = await Cli.RunAsync(_cluster, "dags", "trigger", "it_retry_timeout");
        Assert.True(trigger.ExitCode == 0, trigger.Error);
        var runId = (await _cluster.Store.ListRunsAsync("it_retry_timeout")).Single().RunId;

        var run = await _cluster.WaitForRunAsync(new RunKey("it_retry_timeout", runId), TimeSpan.FromSeconds(60));

        var flaky = await _cluster.Store.ListTriesAsync(run.Run.Key, "flaky");
        Assert.Equal([TaskInstanceState.UpForRetry, TaskInstanceState.Success], flaky.Select(t => t.State));
        Assert.True(flaky[1].StartedAt - flaky[0].EndedAt >= TimeSpan.FromSeconds(2), $"retry started {flaky[1].StartedAt - flaky[0].EndedAt} after the failure");
        var hangs = run.Tasks["hangs"];
        Assert.Equal(TaskInstanceState.Failed, hangs.State);
        Assert.Contains("Timed out after 00:00:01", hangs.Error, StringComparison.Ordinal);
        Assert.True(hangs.Duration < TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task TriggerRules_HoldAcrossTwoWorkerProcesses()
    {
        var trigger = await Cli.RunAsync(_cluster, "dags", "trigger", "it_rules");
        Assert.True(trigger.ExitCode == 0, trigger.Error);
        var runId = (await _cluster.Store.ListRunsAsync("it_rules")).Single().RunId;

        var run = await _cluster.WaitForRunAsync(new RunKey("it_rules", runId), TimeSpan.FromSeconds(60));

        var states = run.Tasks.ToDictionary(t => t.Key, t => t.Value.State);
        Assert.Equal(TaskInstanceState.Success, states["pick"]);
        Assert.Equal(TaskInstanceState.Success, states["left"]);
        Assert.Equal(TaskInstanceState.Skipped, states["right"]);
        Assert.Equal(TaskInstanceState.Success, states["join"]);
        Assert.Equal(TaskInstanceState.Failed, states["broken"]);
        Assert.Equal(TaskInstanceState.Success, states["on_failure"]);
        Assert.Equal(TaskInstanceState.UpstreamFailed, states["after_broken"]);
        Assert.Equal(TaskInstanceState.Success, states["cleanup"]);
        Assert.Equal(DagRunState.Failed, run.Run.State);
        Assert.NotEqual(run.Tasks["pick"].Hostname, run.Tasks["left"].Hostname);
    }

    [Fact]
    public async Task Backfill_ThirtyDays_RunsOnTheWorkersAndCreatesThirtyRuns()
    {
        var from = DateTime.UtcNow.Date.AddDays(-40);
        var to = from.AddDays(29);

        var result = await Cli.RunAsync(_cluster, "dags", "backfill", "it_backfill", "--from", $"{from:yyyy-MM-dd}", "--to", $"{to:yyyy-MM-dd}", "--max-active-runs", "4");

        Assert.True(result.ExitCode == 0, result.Out + result.Error);
        Assert.Contains("Backfill finished: 30 of 30 runs succeeded, 0 failed.", result.Out, StringComparison.Ordinal);
        var runs = await _cluster.Store.ListRunsAsync("it_backfill", null, 1000);
        Assert.Equal(30, runs.Count);
        Assert.All(runs, r => Assert.Equal((DagRunType.Backfill, DagRunState.Success), (r.Type, r.State)));
        Assert.Equal(new DateTimeOffset(from, TimeSpan.Zero), runs.Min(r => r.LogicalDate));
        Assert.Equal(new DateTimeOffset(to, TimeSpan.Zero), runs.Max(r => r.LogicalDate));
    }
}
