using DataEngineer.Core.Execution;
using DataEngineer.Core.Loading;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Testing;
using Xunit;

namespace DataEngineer.Integration.Tests;

/// <summary>Data-aware scheduling with two scheduler processes and a worker process on one database.</summary>
public sealed class DatasetSchedulingTests : IAsyncLifetime
{
    private static readonly string[] Both = [TestDags.DatasetsUnderTest.Orders.Name, TestDags.DatasetsUnderTest.Customers.Name];
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private readonly DagCatalog _catalog = DagCatalog.FromAssemblies([typeof(TestDags.CatchupDag).Assembly]);
    private int _produced;
    private EngineCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await EngineCluster.CreateAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task DatasetScheduledDags_RunOncePerSatisfiedCondition_AcrossTwoSchedulers()
    {
        // The consumers' queues start before any update, as a scheduler starts them when it first sees the DAG.
        foreach (var consumer in new[] { "it_ds_any", "it_ds_all", "it_ds_cron_orders" })
        {
            // Reading a consumer's queue starts it, as a scheduler does when it first sees the DAG.
            Assert.Empty(await _cluster.Store.ListQueuedDatasetEventsAsync(consumer, Both));
        }

        await _cluster.StartAsync("worker", "--concurrency", "4");
        await _cluster.StartAsync("scheduler");
        await _cluster.StartAsync("scheduler");

        // A failed producing try updates nothing.
        var failed = await ProduceAsync("it_ds_orders", """{"fail": true}""");
        Assert.Equal(DagRunState.Failed, failed.Run.State);
        Assert.Empty(await _cluster.Store.ListDatasetUpdatesAsync(Both[0], 10));

        // Orders updated: "any" runs once, triggered by that try; "all" waits for customers.
        var orders = await ProduceAsync("it_ds_orders", """{"fail": false}""");
        var anyRuns = await RunsAsync("it_ds_any", 1);
        Assert.Equal([(orders.Run.RunId, "publish_orders", 1)], await TriggersAsync(anyRuns[0]));
        Assert.Equal(DagRunType.DatasetTriggered, anyRuns[0].Type);
        var ordersEvent = Assert.Single(await _cluster.Store.ListDatasetUpdatesAsync(Both[0], 10));
        Assert.Equal(ordersEvent.At, anyRuns[0].LogicalDate);
        Assert.Empty(await _cluster.Store.ListRunsAsync("it_ds_all"));

        // Customers updated: "all" is met by both updates and runs once; "any" runs a second time, for customers alone.
        var customers = await ProduceAsync("it_ds_customers", null);
        var allRuns = await RunsAsync("it_ds_all", 1);
        Assert.Equal([(orders.Run.RunId, "publish_orders", 1), (customers.Run.RunId, "publish_customers", 1)], await TriggersAsync(allRuns[0]));
        anyRuns = await RunsAsync("it_ds_any", 2);
        Assert.Equal([(customers.Run.RunId, "publish_customers", 1)], await TriggersAsync(anyRuns[0]));

        // Cron and datasets combined: the latest daily interval as a scheduled run, plus one run per orders update.
        var cron = await RunsAsync("it_ds_cron_orders", 2);
        Assert.Equal([DagRunType.Scheduled, DagRunType.DatasetTriggered], cron.Select(r => r.Type).Order());
        Assert.Equal([(orders.Run.RunId, "publish_orders", 1)], await TriggersAsync(cron.Single(r => r.Type == DagRunType.DatasetTriggered)));

        // Paused, "any" still queues updates; two updates then make one run once unpaused, consuming both.
        await _cluster.Store.SetPausedAsync("it_ds_any", true);
        var second = await ProduceAsync("it_ds_orders", null);
        var third = await ProduceAsync("it_ds_orders", null);
        Assert.Equal(2, (await _cluster.Store.ListQueuedDatasetEventsAsync("it_ds_any", Both)).Count);
        Assert.Equal(2, (await _cluster.Store.ListRunsAsync("it_ds_any")).Count);
        await _cluster.Store.SetPausedAsync("it_ds_any", false);
        anyRuns = await RunsAsync("it_ds_any", 3);
        Assert.Equal([(second.Run.RunId, "publish_orders", 1), (third.Run.RunId, "publish_orders", 1)], await TriggersAsync(anyRuns[0]));
        Assert.Empty(await _cluster.Store.ListQueuedDatasetEventsAsync("it_ds_any", Both));

        // The cron+datasets DAG was not paused: one more run for each of the two updates, or one for both if a
        // scheduler saw them together; never more runs than updates.
        var settled = await _cluster.WaitForAsync(
            async () => (Runs: await _cluster.Store.ListRunsAsync("it_ds_cron_orders"), Queued: await _cluster.Store.ListQueuedDatasetEventsAsync("it_ds_cron_orders", [Both[0]])),
            s => s.Queued.Count == 0 && s.Runs.All(r => r.State.IsFinished()), Limit, "it_ds_cron_orders to consume every orders update");
        cron = settled.Runs;
        var consumed = new List<(string, string, int)>();
        foreach (var run in cron.Where(r => r.Type == DagRunType.DatasetTriggered))
        {
            consumed.AddRange(await TriggersAsync(run));
        }

        Assert.Equal([orders.Run.RunId, second.Run.RunId, third.Run.RunId], consumed.Select(c => c.Item1).Order(StringComparer.Ordinal));

        // Still exactly the runs counted above once everything settled: no scheduler created a second run for any condition.
        Assert.Single(await _cluster.Store.ListRunsAsync("it_ds_all"));
        Assert.Equal(3, (await _cluster.Store.ListRunsAsync("it_ds_any")).Count);
    }

    // Each producing run gets its own logical date: two manual runs triggered within one second would share a run id.
    private async Task<RunSnapshot> ProduceAsync(string dagId, string? conf)
    {
        var date = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(++_produced);
        var run = await ManualRuns.TriggerAsync(_cluster.Store, _catalog.Get(dagId), conf, date, TimeProvider.System, CancellationToken.None);
        return await _cluster.WaitForRunAsync(run.Key, Limit);
    }

    /// <summary>Waits until the DAG has <paramref name="count"/> runs, all finished; newest first.</summary>
    private Task<IReadOnlyList<DagRun>> RunsAsync(string dagId, int count) =>
        _cluster.WaitForAsync(() => _cluster.Store.ListRunsAsync(dagId), runs => runs.Count >= count && runs.All(r => r.State == DagRunState.Success), Limit,
            $"{count} successful runs of {dagId}");

    private async Task<List<(string RunId, string TaskId, int Try)>> TriggersAsync(DagRun run) =>
        (await _cluster.Store.ListRunTriggersAsync(run.Key)).Select(e => (e.RunId, e.TaskId, e.TryNumber)).ToList();
}
