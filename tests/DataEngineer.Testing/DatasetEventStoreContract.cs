using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Sdk;
using Xunit;

namespace DataEngineer.Testing;

/// <summary>What every store must do with dataset update events and their consumption; run against both stores.</summary>
public abstract class DatasetEventStoreContract
{
    private static readonly DateTimeOffset At = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);

    protected abstract Task<IMetadataStore> CreateStoreAsync();

    [Fact]
    public async Task EndOfTry_WritesItsEventsOnce_EvenWhenWrittenAgain()
    {
        var store = await CreateStoreAsync();
        var producer = await CreateRunAsync(store, "producer", DagRunType.Manual, At);
        Assert.Empty(await store.ListQueuedDatasetEventsAsync("consumer", ["w.orders"]));

        var events = new[] { Event("w.orders", producer.RunId), Event("w.customers", producer.RunId) };
        await store.UpdateRunAsync(producer.Key, s => new RunChanges([s.Tasks["t"] with { State = TaskInstanceState.Success }]) { DatasetEvents = events });
        await store.UpdateRunAsync(producer.Key, s => new RunChanges([s.Tasks["t"]]) { DatasetEvents = events });

        var queued = await store.ListQueuedDatasetEventsAsync("consumer", ["w.orders"]);
        var orders = Assert.Single(queued);
        Assert.Equal(("w.orders", "producer", producer.RunId, "t", 1, At), (orders.Dataset, orders.DagId, orders.RunId, orders.TaskId, orders.TryNumber, orders.At));
        Assert.Single(await store.ListDatasetUpdatesAsync("w.customers", 10));
    }

    [Fact]
    public async Task OneRead_AnswersEveryConsumer_WithItsOwnDatasetsOnly()
    {
        var store = await CreateStoreAsync();
        var producer = await CreateRunAsync(store, "producer", DagRunType.Manual, At);
        Assert.Empty(await store.ListQueuedDatasetEventsAsync("orders_reader", ["w.orders"]));
        await ProduceAsync(store, producer, "w.orders", "w.customers");

        // Three consumers in one call: one whose queue started before the events, one on both datasets reading for
        // the first time (its queue starts now, so the events before it do not count), and one nothing updates.
        var consumers = new Dictionary<string, IReadOnlyCollection<string>>
        {
            ["orders_reader"] = ["w.orders"],
            ["late_reader"] = ["w.orders", "w.customers"],
            ["idle_reader"] = ["w.refunds"],
        };
        var queues = await store.ListQueuedDatasetEventsAsync(consumers);

        Assert.Equal(["w.orders"], queues["orders_reader"].Select(e => e.Dataset));
        Assert.Empty(queues["late_reader"]);
        Assert.Empty(queues["idle_reader"]);
        var second = await CreateRunAsync(store, "producer", DagRunType.Manual, At.AddHours(1));
        await ProduceAsync(store, second, "w.customers", "w.orders");
        queues = await store.ListQueuedDatasetEventsAsync(consumers);
        Assert.Equal(["idle_reader", "late_reader", "orders_reader"], queues.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([(producer.RunId, "w.orders"), (second.RunId, "w.orders")], queues["orders_reader"].Select(e => (e.RunId, e.Dataset)));
        Assert.Equal([("w.customers", second.RunId), ("w.orders", second.RunId)], queues["late_reader"].Select(e => (e.Dataset, e.RunId)));
        Assert.True(queues["late_reader"][0].Id < queues["late_reader"][1].Id, "oldest first");
        Assert.Empty(queues["idle_reader"]);
    }

    [Fact]
    public async Task CreateDatasetTriggeredRun_CreatesTheRun_AndConsumesTheEventsForItsDagOnly()
    {
        var store = await CreateStoreAsync();
        Assert.Empty(await store.ListQueuedDatasetEventsAsync("consumer", ["w.orders"]));
        Assert.Empty(await store.ListQueuedDatasetEventsAsync("other_consumer", ["w.orders"]));
        var first = await CreateRunAsync(store, "producer", DagRunType.Manual, At);
        await ProduceAsync(store, first, "w.orders");
        var second = await CreateRunAsync(store, "producer", DagRunType.Manual, At.AddHours(1));
        await ProduceAsync(store, second, "w.orders");
        var queued = await store.ListQueuedDatasetEventsAsync("consumer", ["w.orders"]);
        var run = Run("consumer", DagRunType.DatasetTriggered, At.AddHours(2));

        await store.CreateDatasetTriggeredRunAsync(run, [Task(run)], queued);

        var created = await store.GetRunAsync(run.Key);
        Assert.NotNull(created);
        Assert.Equal(DagRunType.DatasetTriggered, created.Run.Type);
        Assert.Equal(["t"], created.Tasks.Keys);
        Assert.Equal([first.RunId, second.RunId], (await store.ListRunTriggersAsync(run.Key)).Select(e => e.RunId));
        Assert.Empty(await store.ListQueuedDatasetEventsAsync("consumer", ["w.orders"]));
        Assert.Equal(queued.Select(e => e.Id), (await store.ListQueuedDatasetEventsAsync("other_consumer", ["w.orders"])).Select(e => e.Id));
        Assert.Empty(await store.ListRunTriggersAsync(first.Key));
        Assert.Empty(await store.ListRunTriggersAsync(new RunKey("consumer", "manual__missing")));
    }

    [Fact]
    public async Task CreateDatasetTriggeredRun_AnEventConsumedBefore_IsADuplicate_AndConsumesNothing()
    {
        var store = await CreateStoreAsync();
        Assert.Empty(await store.ListQueuedDatasetEventsAsync("consumer", ["w.orders", "w.customers"]));
        var producer = await CreateRunAsync(store, "producer", DagRunType.Manual, At);
        await ProduceAsync(store, producer, "w.orders", "w.customers");
        var queued = await store.ListQueuedDatasetEventsAsync("consumer", ["w.orders", "w.customers"]);
        var orders = queued.Single(e => e.Dataset == "w.orders");
        var customers = queued.Single(e => e.Dataset == "w.customers");
        var first = Run("consumer", DagRunType.DatasetTriggered, At.AddHours(1));
        await store.CreateDatasetTriggeredRunAsync(first, [Task(first)], [orders]);

        // A scheduler that read the queue before the first run consumed it tries both events.
        var late = Run("consumer", DagRunType.DatasetTriggered, At.AddHours(2));
        await Assert.ThrowsAsync<DuplicateRunException>(() => store.CreateDatasetTriggeredRunAsync(late, [Task(late)], [customers, orders]));

        Assert.Null(await store.GetRunAsync(late.Key));
        Assert.Empty(await store.ListRunTriggersAsync(late.Key));
        Assert.Equal([customers.Id], (await store.ListQueuedDatasetEventsAsync("consumer", ["w.orders", "w.customers"])).Select(e => e.Id));
    }

    [Fact]
    public async Task CreateDatasetTriggeredRun_TheRunExists_IsADuplicate_AndConsumesNothing()
    {
        var store = await CreateStoreAsync();
        Assert.Empty(await store.ListQueuedDatasetEventsAsync("consumer", ["w.orders"]));
        var first = await CreateRunAsync(store, "producer", DagRunType.Manual, At);
        await ProduceAsync(store, first, "w.orders");
        var run = Run("consumer", DagRunType.DatasetTriggered, At.AddHours(1));
        await store.CreateDatasetTriggeredRunAsync(run, [Task(run)], await store.ListQueuedDatasetEventsAsync("consumer", ["w.orders"]));
        var second = await CreateRunAsync(store, "producer", DagRunType.Manual, At.AddHours(2));
        await ProduceAsync(store, second, "w.orders");
        var queued = await store.ListQueuedDatasetEventsAsync("consumer", ["w.orders"]);

        await Assert.ThrowsAsync<DuplicateRunException>(() => store.CreateDatasetTriggeredRunAsync(run, [Task(run)], queued));

        Assert.Equal([first.RunId], (await store.ListRunTriggersAsync(run.Key)).Select(e => e.RunId));
        Assert.Equal([second.RunId], (await store.ListQueuedDatasetEventsAsync("consumer", ["w.orders"])).Select(e => e.RunId));
    }

    [Fact]
    public async Task ConcurrentConsumers_OfTheSameEvents_CreateExactlyOneRun()
    {
        var store = await CreateStoreAsync();
        var producer = await CreateRunAsync(store, "producer", DagRunType.Manual, At);
        Assert.Empty(await store.ListQueuedDatasetEventsAsync("consumer", ["w.orders"]));
        await ProduceAsync(store, producer, "w.orders");
        var queued = await store.ListQueuedDatasetEventsAsync("consumer", ["w.orders"]);

        // Eight schedulers saw the same queue; each tries its own run (distinct ids and dates), all at once.
        var attempts = Enumerable.Range(0, 8).Select(async i =>
        {
            var run = Run("consumer", DagRunType.DatasetTriggered, At.AddMinutes(i));
            try
            {
                await store.CreateDatasetTriggeredRunAsync(run, [Task(run)], queued);
                return true;
            }
            catch (DuplicateRunException)
            {
                return false;
            }
        }).ToList();
        var created = await System.Threading.Tasks.Task.WhenAll(attempts);

        Assert.Equal(1, created.Count(c => c));
        var run = Assert.Single(await store.ListRunsAsync("consumer"));
        Assert.Equal([queued[0].Id], (await store.ListRunTriggersAsync(run.Key)).Select(e => e.Id));
        Assert.Empty(await store.ListQueuedDatasetEventsAsync("consumer", ["w.orders"]));
    }

    [Fact]
    public async Task ListDatasetUpdates_NewestFirst_UpToTheLimit()
    {
        var store = await CreateStoreAsync();
        var runs = new List<DagRun>();
        for (var hour = 0; hour < 3; hour++)
        {
            var run = await CreateRunAsync(store, "producer", DagRunType.Manual, At.AddHours(hour));
            await ProduceAsync(store, run, "w.orders", "w.customers");
            runs.Add(run);
        }

        Assert.Equal([runs[2].RunId, runs[1].RunId], (await store.ListDatasetUpdatesAsync("w.orders", 2)).Select(e => e.RunId));
        var all = await store.ListDatasetUpdatesAsync("w.orders", 10);
        Assert.Equal([runs[2].RunId, runs[1].RunId, runs[0].RunId], all.Select(e => e.RunId));
        Assert.All(all, e => Assert.Equal("w.orders", e.Dataset));
        Assert.Empty(await store.ListDatasetUpdatesAsync("w.refunds", 10));
    }

    private static DatasetEvent Event(string dataset, string runId) =>
        new() { Dataset = dataset, DagId = "producer", RunId = runId, TaskId = "t", TryNumber = 1, At = At };

    /// <summary>Ends the run's try successfully, writing an update of each dataset, in that order.</summary>
    private static Task ProduceAsync(IMetadataStore store, DagRun run, params string[] datasets) =>
        store.UpdateRunAsync(run.Key, s => new RunChanges([s.Tasks["t"] with { State = TaskInstanceState.Success }])
        {
            DatasetEvents = datasets.Select(d => Event(d, run.RunId)).ToList(),
        });

    private static async Task<DagRun> CreateRunAsync(IMetadataStore store, string dagId, DagRunType type, DateTimeOffset date)
    {
        var run = Run(dagId, type, date);
        await store.CreateRunAsync(run, [Task(run) with { State = TaskInstanceState.Running, TryNumber = 1, StartedAt = date }]);
        return run;
    }

    private static DagRun Run(string dagId, DagRunType type, DateTimeOffset date) => new()
    {
        DagId = dagId,
        RunId = $"{StateNames.Of(type)}__{date:O}",
        Type = type,
        DataInterval = new DataInterval(date, date),
        DagVersion = "v1",
        CreatedAt = date,
    };

    private static TaskInstance Task(DagRun run) => new() { DagId = run.DagId, RunId = run.RunId, TaskId = "t", MaxTries = 1, Queue = "default", Pool = "default_pool", PriorityWeight = 1 };
}
