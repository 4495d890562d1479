using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Postgres.Metadata;
using DataEngineer.Sdk;
using DataEngineer.Testing;
using Npgsql;

namespace DataEngineer.Postgres.Tests;

/// <summary>Dataset update events and their consumption on PostgreSQL, each test in a fresh, migrated schema.</summary>
public sealed class PostgresDatasetEventStoreTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private NpgsqlDataSource _dataSource = null!;
    private PostgresMetadataStore _store = null!;

    public async Task InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        var schema = "s_" + Guid.NewGuid().ToString("N")[..12];
        await SchemaMigrator.MigrateAsync(_dataSource, schema);
        _store = new PostgresMetadataStore(_dataSource, new PostgresMetadataStoreOptions { Schema = schema });
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    [Fact]
    public async Task EndOfTry_WritesItsEventsOnce_EvenWhenWrittenAgain()
    {
        var producer = await CreateRunAsync("producer", DagRunType.Manual, At);
        Assert.Empty(await _store.ListQueuedDatasetEventsAsync("consumer", ["w.orders"]));

        var events = new[] { Event("w.orders", producer.RunId), Event("w.customers", producer.RunId) };
        await _store.UpdateRunAsync(producer.Key, s => new RunChanges([s.Tasks["t"] with { State = TaskInstanceState.Success }]) { DatasetEvents = events });
        await _store.UpdateRunAsync(producer.Key, s => new RunChanges([s.Tasks["t"]]) { DatasetEvents = events });

        var queued = await _store.ListQueuedDatasetEventsAsync("consumer", ["w.orders"]);
        var orders = Assert.Single(queued);
        Assert.Equal(("w.orders", "producer", producer.RunId, "t", 1, At), (orders.Dataset, orders.DagId, orders.RunId, orders.TaskId, orders.TryNumber, orders.At));
        Assert.Single(await _store.ListDatasetUpdatesAsync("w.customers", 10));
    }

    [Fact]
    public async Task ConcurrentConsumers_OfTheSameEvents_CreateExactlyOneRun()
    {
        var producer = await CreateRunAsync("producer", DagRunType.Manual, At);
        Assert.Empty(await _store.ListQueuedDatasetEventsAsync("consumer", ["w.orders"]));
        await _store.UpdateRunAsync(producer.Key, s => new RunChanges([s.Tasks["t"]]) { DatasetEvents = [Event("w.orders", producer.RunId)] });
        var queued = await _store.ListQueuedDatasetEventsAsync("consumer", ["w.orders"]);

        // Eight schedulers saw the same queue; each tries its own run (distinct ids and dates), all at once.
        var attempts = Enumerable.Range(0, 8).Select(async i =>
        {
            var run = Run("consumer", DagRunType.DatasetTriggered, At.AddMinutes(i));
            try
            {
                await _store.CreateDatasetTriggeredRunAsync(run, [Task(run)], queued);
                return true;
            }
            catch (DuplicateRunException)
            {
                return false;
            }
        }).ToList();
        var created = await System.Threading.Tasks.Task.WhenAll(attempts);

        Assert.Equal(1, created.Count(c => c));
        var run = Assert.Single(await _store.ListRunsAsync("consumer"));
        Assert.Equal([queued[0].Id], (await _store.ListRunTriggersAsync(run.Key)).Select(e => e.Id));
        Assert.Empty(await _store.ListQueuedDatasetEventsAsync("consumer", ["w.orders"]));
        Assert.Equal("dataset_triggered", StateNames.Of(run.Type));
    }

    [Fact]
    public async Task OneRead_AnswersEveryConsumer_WithItsOwnDatasetsOnly()
    {
        var producer = await CreateRunAsync("producer", DagRunType.Manual, At);
        Assert.Empty(await _store.ListQueuedDatasetEventsAsync("orders_reader", ["w.orders"]));
        await _store.UpdateRunAsync(producer.Key, s => new RunChanges([s.Tasks["t"]])
        {
            DatasetEvents = [Event("w.orders", producer.RunId), Event("w.customers", producer.RunId)],
        });

        // Two consumers in one call: one whose queue started before the events, and one on both datasets reading for
        // the first time (its queue starts now, so the events before it do not count).
        var queues = await _store.ListQueuedDatasetEventsAsync(new Dictionary<string, IReadOnlyCollection<string>>
        {
            ["orders_reader"] = ["w.orders"],
            ["late_reader"] = ["w.orders", "w.customers"],
        });

        Assert.Equal(["w.orders"], queues["orders_reader"].Select(e => e.Dataset));
        Assert.Empty(queues["late_reader"]);
        var second = await CreateRunAsync("producer", DagRunType.Manual, At.AddHours(1));
        await _store.UpdateRunAsync(second.Key, s => new RunChanges([s.Tasks["t"]])
        {
            DatasetEvents = [Event("w.customers", second.RunId), Event("w.orders", second.RunId)],
        });
        queues = await _store.ListQueuedDatasetEventsAsync(new Dictionary<string, IReadOnlyCollection<string>>
        {
            ["orders_reader"] = ["w.orders"],
            ["late_reader"] = ["w.orders", "w.customers"],
        });
        Assert.Equal([(producer.RunId, "w.orders"), (second.RunId, "w.orders")], queues["orders_reader"].Select(e => (e.RunId, e.Dataset)));
        Assert.Equal([("w.customers", second.RunId), ("w.orders", second.RunId)], queues["late_reader"].Select(e => (e.Dataset, e.RunId)));
        Assert.True(queues["late_reader"][0].Id < queues["late_reader"][1].Id, "oldest first");
    }

    private DatasetEvent Event(string dataset, string runId) =>
        new() { Dataset = dataset, DagId = "producer", RunId = runId, TaskId = "t", TryNumber = 1, At = At };

    private async Task<DagRun> CreateRunAsync(string dagId, DagRunType type, DateTimeOffset date)
    {
        var run = Run(dagId, type, date);
        await _store.CreateRunAsync(run, [Task(run) with { State = TaskInstanceState.Running, TryNumber = 1, StartedAt = date }]);
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
