using DataEngineer.Core.Execution;
using DataEngineer.Core.States;
using DataEngineer.Core.Loading;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace DataEngineer.Integration.Tests;

/// <summary>The whole engine in this process (Hangfire, Quartz, PostgreSQL store), composed as a standalone host composes it.</summary>
[Collection(ProcessGlobalsCollection.Name)]
public sealed class InProcessEngineTests : IAsyncLifetime
{
    private EngineCluster _cluster = null!;
    private IHost _host = null!;

    public async Task InitializeAsync()
    {
        _cluster = await EngineCluster.CreateAsync();
        var catalog = DagCatalog.FromAssemblies([typeof(Dags.OrdersEtl.OrdersEtlDag).Assembly, typeof(TestDags.CatchupDag).Assembly]);
        var worker = new WorkerOptions { Hostname = "in-process", Concurrency = 4 };
        _host = await InProcessEngine.StartAsync(_cluster, new StaticDagRegistry(catalog), worker, pausedAtCreation: true);
    }

    public async Task DisposeAsync()
    {
        await InProcessEngine.StopAsync(_host);
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task OrdersEtl_TriggeredManually_RunsEveryTaskThroughTheEngine()
    {
        var graph = _host.Services.GetRequiredService<IDagRegistry>().Find("orders_etl")!;
        // The scheduler service may have recorded the DAG (paused, as configured) before this line runs.
        await _cluster.Store.SyncDagAsync(DagRecords.Of(graph, DateTimeOffset.UtcNow), pausedAtCreation: false);
        await _cluster.Store.SetPausedAsync("orders_etl", false);
        var run = await ManualRuns.TriggerAsync(_cluster.Store, graph, null, new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero), TimeProvider.System, CancellationToken.None);

        var done = await _cluster.WaitForRunAsync(run.Key, TimeSpan.FromSeconds(60));

        Assert.Equal(DagRunState.Success, done.Run.State);
        Assert.All(done.Tasks.Values, t => Assert.Equal(("in-process", 1), (t.Hostname, t.TryNumber)));
        Assert.True(done.Tasks["load_orders"].RowsWritten > 0);
        Assert.Equal(done.Tasks["transform_orders"].RowsWritten, done.Tasks["load_orders"].RowsWritten);
        var log = await _cluster.Store.GetLogAsync(run.Key, "quality_check", 1);
        Assert.Contains(log, l => l.Message == "Check range_amount_usd (range) on orders loaded by this run: passed");
    }

    [Fact]
    public async Task PausedDag_GetsNoScheduledRuns_UntilUnpaused()
    {
        var catchup = _host.Services.GetRequiredService<IDagRegistry>().Find("it_catchup")!;
        var scheduler = _host.Services.GetRequiredService<RunScheduler>();
        await scheduler.SyncDagsAsync(CancellationToken.None);

        Assert.Equal(0, (await scheduler.CreateDueRunsAsync(catchup, CancellationToken.None)).Created);
        Assert.Empty(await _cluster.Store.ListRunsAsync("it_catchup"));

        await _cluster.Store.SetPausedAsync("it_catchup", false);
        Assert.Equal(catchup.Options.MaxActiveRuns, (await scheduler.CreateDueRunsAsync(catchup, CancellationToken.None)).Created);
    }
}
