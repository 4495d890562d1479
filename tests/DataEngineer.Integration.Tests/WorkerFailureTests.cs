using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using Xunit;

namespace DataEngineer.Integration.Tests;

/// <summary>kill -9 of a worker process in the middle of a task.</summary>
public sealed class WorkerFailureTests : IAsyncLifetime
{
    private EngineCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await EngineCluster.CreateAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task KillWorkerMidTask_TryIsDeclaredDeadAndRetriedOnTheOtherWorker()
    {
        var workers = new[] { await _cluster.StartAsync("worker"), await _cluster.StartAsync("worker") };
        await _cluster.StartAsync("scheduler");
        var trigger = await Cli.RunAsync(_cluster, "dags", "trigger", "it_slow_chain", "--date", "2024-01-01T00:00:00Z");
        Assert.True(trigger.ExitCode == 0, trigger.Error);
        var key = new RunKey("it_slow_chain", "manual__2024-01-01T00:00:00Z");

        var slow = await _cluster.WaitForAsync(async () => (await _cluster.Store.GetRunAsync(key))?.Tasks["slow"],
            t => t is { State: TaskInstanceState.Running, TryNumber: 1 }, TimeSpan.FromSeconds(60), "slow to start");
        var victim = workers.Single(w => slow!.Hostname!.EndsWith($":{w.Id}", StringComparison.Ordinal));
        victim.KillHard();

        var run = await _cluster.WaitForRunAsync(key, TimeSpan.FromSeconds(90));

        Assert.Equal(DagRunState.Success, run.Run.State);
        var tries = await _cluster.Store.ListTriesAsync(key, "slow");
        Assert.Equal([TaskInstanceState.UpForRetry, TaskInstanceState.Success], tries.Select(t => t.State));
        Assert.Contains("stopped heartbeating", tries[0].Error, StringComparison.Ordinal);
        Assert.NotEqual(tries[0].Hostname, tries[1].Hostname);
        Assert.EndsWith($":{workers.Single(w => w != victim).Id}", tries[1].Hostname, StringComparison.Ordinal);
        Assert.Equal(TaskInstanceState.Success, run.Tasks["finish"].State);
        Assert.DoesNotContain(await _cluster.Store.ListTaskInstancesAsync([TaskInstanceState.Running]), t => t.Run == key);
    }

    [Fact]
    public async Task StopWorkerMidTask_TheTryIsCancelledAndRecorded_NotLeftRunning()
    {
        var worker = await _cluster.StartAsync("worker");
        await _cluster.StartAsync("scheduler");
        var trigger = await Cli.RunAsync(_cluster, "dags", "trigger", "it_slow_chain", "--date", "2024-02-01T00:00:00Z");
        Assert.True(trigger.ExitCode == 0, trigger.Error);
        var key = new RunKey("it_slow_chain", "manual__2024-02-01T00:00:00Z");
        await _cluster.WaitForAsync(async () => (await _cluster.Store.GetRunAsync(key))?.Tasks["slow"],
            t => t is { State: TaskInstanceState.Running, TryNumber: 1 }, TimeSpan.FromSeconds(60), "slow to start");

        Assert.Equal(0, await worker.StopAsync(TimeSpan.FromSeconds(30)));

        // The try ended as it stopped; the scheduler may already have queued the retry (no worker is left to run it).
        var first = (await _cluster.Store.ListTriesAsync(key, "slow")).Single(t => t.TryNumber == 1);
        Assert.Equal(TaskInstanceState.UpForRetry, first.State);
        Assert.Equal("Cancelled: the worker is shutting down.", first.Error);
        Assert.NotNull(first.EndedAt);
        Assert.DoesNotContain(await _cluster.Store.ListTaskInstancesAsync([TaskInstanceState.Running]), t => t.Run == key);
    }
}
