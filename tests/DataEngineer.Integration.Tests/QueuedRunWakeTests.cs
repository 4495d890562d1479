using DataEngineer.Core.Execution;
using DataEngineer.Core.Loading;
using DataEngineer.Core.States;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace DataEngineer.Integration.Tests;

/// <summary>A scheduler starts a triggered run the moment it is queued, not at its next tick.</summary>
[Collection(ProcessGlobalsCollection.Name)]
public sealed class QueuedRunWakeTests : IAsyncLifetime
{
    // Far longer than the test: a run started at all was started by the wake-up, not by a tick.
    private static readonly TimeSpan NoTick = TimeSpan.FromHours(1);

    private EngineCluster _cluster = null!;
    private IHost _host = null!;

    public async Task InitializeAsync()
    {
        _cluster = await EngineCluster.CreateAsync();
        var catalog = DagCatalog.FromAssemblies([typeof(Dags.OrdersEtl.OrdersEtlDag).Assembly]);
        _host = await InProcessEngine.StartAsync(_cluster, new StaticDagRegistry(catalog), new WorkerOptions { Hostname = "in-process", Concurrency = 4 },
            pausedAtCreation: true, tick: NoTick);
    }

    public async Task DisposeAsync()
    {
        await InProcessEngine.StopAsync(_host);
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task TriggeredRun_AfterTheFirstTick_StartsAndFinishesWithoutAnotherTick()
    {
        // The scheduler listens once its first tick is over (the DAGs recorded, paused): from then on only the wake-up can
        // start a run.
        await _cluster.WaitForAsync(() => _cluster.ListenersAsync("dataengineer_run_queued"), n => n == 1, TimeSpan.FromSeconds(60), "the scheduler to listen for queued runs");
        var graph = _host.Services.GetRequiredService<IDagRegistry>().Find("orders_etl")!;
        // Unpaused after the first tick's sweep, so the scheduler creates no scheduled runs that would take the run slots.
        await _cluster.Store.SetPausedAsync("orders_etl", false);

        var run = await ManualRuns.TriggerAsync(_cluster.Store, graph, null, new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero), TimeProvider.System, CancellationToken.None);
        var done = await _cluster.WaitForRunAsync(run.Key, TimeSpan.FromSeconds(60));

        Assert.Equal(DagRunState.Success, done.Run.State);
        Assert.All(done.Tasks.Values, t => Assert.Equal(TaskInstanceState.Success, t.State));
    }
}
