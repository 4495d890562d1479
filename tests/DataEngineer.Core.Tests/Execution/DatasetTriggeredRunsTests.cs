using DataEngineer.Core.Execution;
using DataEngineer.Core.States;
using DataEngineer.Core.Tests.Fixtures;
using DataEngineer.Core.Validation;
using DataEngineer.Sdk;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace DataEngineer.Core.Tests.Execution;

public class DatasetTriggeredRunsTests
{
    private static readonly Dataset Orders = new("warehouse.orders");
    private static readonly Dataset Customers = new("warehouse.customers");
    private static readonly DateTimeOffset Day = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AnyCondition_SuccessfulUpdate_CreatesOneRun_FailedTryNone()
    {
        var fail = true;
        await using var harness = new EngineHarness(TimeProvider.System,
            new TestDag("producer", d => d.Task("publish", _ =>
            {
                if (fail)
                {
                    throw new InvalidOperationException("no");
                }
            }, new TaskOptions { Writes = [Orders] })),
            new TestDag("consumer", d => d.Task("consume", _ => { }), new DagOptions { ScheduleOn = DatasetSchedule.Any(Orders, Customers) }));
        harness.AddWorker("w");
        await harness.Scheduler.SyncDagsAsync(CancellationToken.None);
        var runs = new DatasetTriggeredRuns(harness.Store, harness.Store, harness.Store, TimeProvider.System, NullLogger<DatasetTriggeredRuns>.Instance);
        var consumer = harness.Registry.Find("consumer")!;
        Assert.Null(await runs.CreateDueRunAsync(consumer, CancellationToken.None));

        var failed = await harness.RunToEndAsync(await harness.TriggerAsync("producer", Day));
        Assert.Equal(DagRunState.Failed, failed.Run.State);
        Assert.Null(await runs.CreateDueRunAsync(consumer, CancellationToken.None));

        fail = false;
        var produced = await harness.RunToEndAsync(await harness.TriggerAsync("producer", Day.AddDays(1)));
        var run = await runs.CreateDueRunAsync(consumer, CancellationToken.None);

        Assert.NotNull(run);
        Assert.Equal(DagRunType.DatasetTriggered, run.Type);
        var trigger = Assert.Single(await harness.Store.ListRunTriggersAsync(run.Key));
        Assert.Equal((produced.Run.RunId, "publish", 1, "warehouse.orders"), (trigger.RunId, trigger.TaskId, trigger.TryNumber, trigger.Dataset));
        Assert.Equal(trigger.At, run.LogicalDate);
        Assert.Null(await runs.CreateDueRunAsync(consumer, CancellationToken.None));
    }

    [Fact]
    public async Task AllCondition_WaitsForEveryDataset_ThenConsumesAllQueuedUpdatesInOneRun()
    {
        await using var harness = new EngineHarness(TimeProvider.System,
            new TestDag("orders", d => d.Task("publish", _ => { }, new TaskOptions { Writes = [Orders] })),
            new TestDag("customers", d => d.Task("publish", _ => { }, new TaskOptions { Writes = [Customers] })),
            new TestDag("consumer", d => d.Task("consume", _ => { }), new DagOptions { ScheduleOn = DatasetSchedule.All(Orders, Customers) }));
        harness.AddWorker("w");
        await harness.Scheduler.SyncDagsAsync(CancellationToken.None);
        var runs = new DatasetTriggeredRuns(harness.Store, harness.Store, harness.Store, TimeProvider.System, NullLogger<DatasetTriggeredRuns>.Instance);
        var consumer = harness.Registry.Find("consumer")!;
        Assert.Null(await runs.CreateDueRunAsync(consumer, CancellationToken.None));

        await harness.RunToEndAsync(await harness.TriggerAsync("orders", Day));
        await harness.RunToEndAsync(await harness.TriggerAsync("orders", Day.AddDays(1)));
        Assert.Null(await runs.CreateDueRunAsync(consumer, CancellationToken.None));
        await harness.RunToEndAsync(await harness.TriggerAsync("customers", Day));
        var run = await runs.CreateDueRunAsync(consumer, CancellationToken.None);

        Assert.NotNull(run);
        Assert.Equal(["warehouse.orders", "warehouse.orders", "warehouse.customers"], (await harness.Store.ListRunTriggersAsync(run.Key)).Select(e => e.Dataset));
        Assert.Null(await runs.CreateDueRunAsync(consumer, CancellationToken.None));
        Assert.Single(await harness.Store.ListRunsAsync("consumer"));
    }

    [Fact]
    public async Task EventsBeforeTheConsumerWasFirstSeen_DoNotCount()
    {
        await using var harness = new EngineHarness(TimeProvider.System,
            new TestDag("orders", d => d.Task("publish", _ => { }, new TaskOptions { Writes = [Orders] })),
            new TestDag("consumer", d => d.Task("consume", _ => { }), new DagOptions { ScheduleOn = DatasetSchedule.Any(Orders) }));
        harness.AddWorker("w");
        await harness.Scheduler.SyncDagsAsync(CancellationToken.None);
        await harness.RunToEndAsync(await harness.TriggerAsync("orders", Day));
        var runs = new DatasetTriggeredRuns(harness.Store, harness.Store, harness.Store, TimeProvider.System, NullLogger<DatasetTriggeredRuns>.Instance);

        Assert.Null(await runs.CreateDueRunAsync(harness.Registry.Find("consumer")!, CancellationToken.None));
        Assert.Single(await harness.Store.ListDatasetUpdatesAsync("warehouse.orders", 10));
    }

    [Fact]
    public void Validate_ScheduleOnNoDataset_IsAnError()
    {
        var dag = new TestDag("empty_on", d => d.Task("t", _ => { }), new DagOptions { ScheduleOn = DatasetSchedule.All() });

        var error = Assert.Throws<DagValidationException>(() => DagValidator.Validate(dag.Build()));

        Assert.Contains("ScheduleOn names no dataset", error.Message);
    }

    [Fact]
    public void Validate_ScheduleOnHostileDatasetName_IsAnError()
    {
        var dag = new TestDag("bad_on", d => d.Task("t", _ => { }), new DagOptions { ScheduleOn = DatasetSchedule.Any(new Dataset("x; DROP TABLE y")) });

        var error = Assert.Throws<DagValidationException>(() => DagValidator.Validate(dag.Build()));

        Assert.Contains("ScheduleOn names the dataset 'x; DROP TABLE y', which is not valid", error.Message);
    }

    [Theory]
    [InlineData(null, "when all of warehouse.orders, warehouse.customers are updated")]
    [InlineData("@daily", "@daily (UTC), or when all of warehouse.orders, warehouse.customers are updated")]
    public void ScheduleDescription_SaysTheDatasetConditionInWords(string? cron, string expected)
    {
        var dag = new TestDag("worded", d => d.Task("t", _ => { }),
            new DagOptions { Schedule = cron, StartDate = new DateTime(2024, 1, 1), ScheduleOn = DatasetSchedule.All(Orders, Customers) });

        var graph = DagValidator.Validate(dag.Build());

        Assert.Equal(expected, Core.Scheduling.ScheduleDescription.Of(graph.Timetable, graph.Options.ScheduleOn));
        Assert.Equal("when warehouse.orders is updated", DatasetSchedule.Any(Orders, Orders).ToString());
    }
}
