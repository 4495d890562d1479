using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Host.Api;
using DataEngineer.Sdk;
using DataEngineer.Testing;
using Xunit;

namespace DataEngineer.Host.Tests.Api;

/// <summary>GET a run over REST: a dataset-triggered run lists the dataset updates (producing run, task, try) it consumed.</summary>
public sealed class ApiRunDetailTests
{
    private static readonly DateTimeOffset At = new(2024, 3, 1, 6, 0, 0, TimeSpan.Zero);

    private static (DagRun Run, IReadOnlyList<TaskInstance> Tasks) Run(string dagId, string runId, DagRunType type) =>
        (new DagRun { DagId = dagId, RunId = runId, Type = type, DataInterval = new DataInterval(At, At), State = DagRunState.Success, DagVersion = "v1", CreatedAt = At },
            [new TaskInstance { DagId = dagId, RunId = runId, TaskId = "t", State = TaskInstanceState.Success, TryNumber = 1, MaxTries = 1, Queue = "default", Pool = "default_pool" }]);

    [Fact]
    public async Task DatasetTriggeredRun_ListsTheUpdatesItConsumed_OtherRunsNone()
    {
        var store = new InMemoryMetadataStore();
        var (producer, producerTasks) = Run("orders_etl", "manual__2024-03-01", DagRunType.Manual);
        await store.CreateRunAsync(producer, producerTasks);
        Assert.Empty(await store.ListQueuedDatasetEventsAsync("orders_star", ["warehouse.fact_orders"]));
        var update = new DatasetEvent { Dataset = "warehouse.fact_orders", DagId = "orders_etl", RunId = producer.RunId, TaskId = "t", TryNumber = 1, At = At };
        await store.UpdateRunAsync(producer.Key, s => new RunChanges([s.Tasks["t"]]) { DatasetEvents = [update] });
        var (consumer, consumerTasks) = Run("orders_star", "dataset_triggered__2024-03-01T06:00:00Z", DagRunType.DatasetTriggered);
        await store.CreateDatasetTriggeredRunAsync(consumer, consumerTasks, await store.ListQueuedDatasetEventsAsync("orders_star", ["warehouse.fact_orders"]));

        var triggered = await ApiRunDetail.OfAsync(store, (await store.GetRunAsync(consumer.Key))!, CancellationToken.None);
        var manual = await ApiRunDetail.OfAsync(store, (await store.GetRunAsync(producer.Key))!, CancellationToken.None);

        Assert.Equal([new ApiDatasetEvent("warehouse.fact_orders", "orders_etl", "manual__2024-03-01", "t", 1, At)], triggered.TriggeredBy);
        Assert.Equal("dataset_triggered", triggered.Run.RunType);
        Assert.Empty(manual.TriggeredBy);
    }
}
