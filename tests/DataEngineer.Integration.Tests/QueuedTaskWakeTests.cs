using DataEngineer.Core.Execution;
using DataEngineer.Core.Loading;
using DataEngineer.Core.States;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace DataEngineer.Integration.Tests;

/// <summary>
/// Workers claim a task the moment any process queues it on their queue: with no Hangfire wake-up and no scheduler tick,
/// a run whose tasks alternate between two workers' queues still runs to its end.
/// </summary>
[Collection(ProcessGlobalsCollection.Name)]
public sealed class QueuedTaskWakeTests : IAsyncLifetime
{
    // Far longer than the test: the scheduler starts the run on its wake-up and never ticks again, so it queues nothing.
    private static readonly TimeSpan NoTick = TimeSpan.FromHours(1);

    private EngineCluster _cluster = null!;
    private IHost _main = null!;
    private IHost _other = null!;

    public async Task InitializeAsync()
    {
        _cluster = await EngineCluster.CreateAsync();
        var dags = new StaticDagRegistry(DagCatalog.FromAssemblies([typeof(TestDags.RulesAcrossQueuesDag).Assembly]));
        static void Silent(HostApplicationBuilder builder) => builder.Services.AddSingleton<ITaskDispatcher, SilentDispatcher>();
        _main = await InProcessEngine.StartAsync(_cluster, dags, new WorkerOptions { Hostname = "main", Concurrency = 4 }, pausedAtCreation: true, Silent, NoTick);
        _other = await InProcessEngine.StartAsync(_cluster, dags, new WorkerOptions { Hostname = "other", Queues = new HashSet<string> { "other" }, Concurrency = 4 },
            pausedAtCreation: true, Silent, NoTick, scheduler: false);
    }

    public async Task DisposeAsync()
    {
        await InProcessEngine.StopAsync(_other);
        await InProcessEngine.StopAsync(_main);
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task TasksOnTwoWorkersQueues_RunToTheRunsEnd_ThroughTheStoresSignalAlone()
    {
        await _cluster.WaitForAsync(() => _cluster.ListenersAsync("dataengineer_task_queued"), n => n == 2, TimeSpan.FromSeconds(60), "both workers to listen for queued tasks");
        await _cluster.WaitForAsync(() => _cluster.ListenersAsync("dataengineer_run_queued"), n => n == 1, TimeSpan.FromSeconds(60), "the scheduler to listen for queued runs");
        await _cluster.Store.SetPausedAsync("it_rules", false);
        var graph = _main.Services.GetRequiredService<IDagRegistry>().Find("it_rules")!;

        var run = await ManualRuns.TriggerAsync(_cluster.Store, graph, null, new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero), TimeProvider.System, CancellationToken.None);
        var done = await _cluster.WaitForRunAsync(run.Key, TimeSpan.FromSeconds(60));

        var ran = done.Tasks.ToDictionary(t => t.Key, t => (t.Value.State, t.Value.Hostname));
        Assert.Equal((TaskInstanceState.Success, "main"), ran["pick"]);
        Assert.Equal((TaskInstanceState.Success, "other"), ran["left"]);
        Assert.Equal(TaskInstanceState.Skipped, ran["right"].State);
        Assert.Equal((TaskInstanceState.Success, "other"), ran["join"]);
        Assert.Equal((TaskInstanceState.Failed, "other"), ran["broken"]);
        Assert.Equal((TaskInstanceState.Success, "main"), ran["on_failure"]);
        Assert.Equal(TaskInstanceState.UpstreamFailed, ran["after_broken"].State);
        Assert.Equal((TaskInstanceState.Success, "main"), ran["cleanup"]);
        Assert.Equal(DagRunState.Failed, done.Run.State);
    }
}
