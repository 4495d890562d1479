using Bunit;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Testing;
using DataEngineer.Ui.Pages;
using Xunit;

namespace DataEngineer.Ui.Tests.Components;

/// <summary>The run page's graph (the DAG version the run used) and its quality check results.</summary>
public sealed class RunPageTests
{
    private static readonly DagStructure OldVersion = new()
    {
        DagId = "ui_flaky", Version = "v-old", ClassName = "UiFlakyDag", Source = "ui_flaky.cs", ScheduleDescription = "manual",
        Tasks =
        [
            Task("extract"),
            Task("load", "extract"),
            Task("audit", "extract"),
        ],
    };

    private static TaskStructure Task(string id, params string[] upstream) =>
        new() { TaskId = id, Kind = "function", Upstream = upstream, TriggerRule = "all_success", Queue = "default", Pool = "default_pool" };

    private static async Task<(InMemoryMetadataStore Store, RunSnapshot Run)> StoreWithRunOfVersionAsync(string version)
    {
        var run = UiTestData.Run(0, DagRunState.Failed, TaskInstanceState.Success, TaskInstanceState.Failed);
        run = run with { Run = run.Run with { DagVersion = version } };
        var store = await UiTestData.StoreWithRunsAsync(run);
        await store.RecordVersionAsync(OldVersion, UiTestData.Day);
        return (store, run);
    }

    private static IRenderedComponent<RunPage> Render(BunitContext context, InMemoryMetadataStore store, RunSnapshot run)
    {
        UiPageContext.Add(context, store, [UiTestData.FlakyGraph], UiPageContext.Clock(UiTestData.Day.AddDays(1)));
        return context.Render<RunPage>(p => p.Add(x => x.DagId, run.Run.DagId).Add(x => x.RunId, run.Run.RunId));
    }

    [Fact]
    public async Task Graph_IsTheVersionTheRunUsed_NotTheLoadedCode()
    {
        await using var context = new BunitContext();
        var (store, run) = await StoreWithRunOfVersionAsync("v-old");

        var page = Render(context, store, run);

        var graph = page.Find("[data-testid=run-graph]");
        Assert.Equal(["extract", "load", "audit"], graph.QuerySelectorAll("text").Select(t => t.TextContent));
        Assert.Equal(2, graph.QuerySelectorAll("line").Length);
        Assert.Contains("DAG version v-old, the one run manual__2024-01-01 used", page.Find("[data-testid=run-graph-version]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Graph_WhenTheVersionIsNotRecorded_ShowsTheLoadedDagWithANote()
    {
        await using var context = new BunitContext();
        var (store, run) = await StoreWithRunOfVersionAsync("v-missing");

        var page = Render(context, store, run);

        Assert.Equal(["extract", "load"], page.Find("[data-testid=run-graph]").QuerySelectorAll("text").Select(t => t.TextContent));
        Assert.Contains("v-missing is not recorded: showing the DAG as loaded now", page.Find("[data-testid=run-graph-version]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QualityChecks_ShowPassAndFail_SeverityCountAndFailingSample()
    {
        await using var context = new BunitContext();
        var (store, run) = await StoreWithRunOfVersionAsync("v-old");
        await store.RecordTryObservationsAsync(new TryObservations
        {
            Checks =
            [
                Check(run, "not_null_customer_id", "error", 0, "[]"),
                Check(run, "accepted_values_status", "warn", 3, """[{"order_id": 7, "status": "on_hold"}]"""),
            ],
        });

        var page = Render(context, store, run);

        var rows = page.FindAll("[data-testid=check-table] tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal("passed", page.Find("[data-testid=check-result-not_null_customer_id]").TextContent);
        Assert.Equal("failed", page.Find("[data-testid=check-result-accepted_values_status]").TextContent);
        Assert.Contains("warn", rows[1], StringComparison.Ordinal);
        Assert.Contains("error", rows[0], StringComparison.Ordinal);
        Assert.Contains("on_hold", page.Find("[data-testid=check-sample-accepted_values_status]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=check-sample-not_null_customer_id]"));
    }

    [Fact]
    public async Task QualityChecks_WhenNoneRan_SaysSo()
    {
        await using var context = new BunitContext();
        var (store, run) = await StoreWithRunOfVersionAsync("v-old");

        var page = Render(context, store, run);

        Assert.Contains("No quality checks ran in this run.", page.Find("[data-testid=check-table]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DatasetTriggeredRun_ShowsTheUpdatesThatTriggeredIt_WithLinksToTheProducingRunAndTry()
    {
        await using var context = new BunitContext();
        var producer = UiTestData.Run(0, DagRunState.Success, TaskInstanceState.Success, TaskInstanceState.Success);
        var store = await UiTestData.StoreWithRunsAsync(producer);
        Assert.Empty(await store.ListQueuedDatasetEventsAsync("ui_flaky", ["warehouse.orders"]));
        var update = new DatasetEvent { Dataset = "warehouse.orders", DagId = "ui_flaky", RunId = producer.Run.RunId, TaskId = "load", TryNumber = 1, At = UiTestData.Day.AddHours(3) };
        await store.UpdateRunAsync(producer.Run.Key, s => new RunChanges([s.Tasks["load"]]) { DatasetEvents = [update] });
        var consumer = UiTestData.Run(1, DagRunState.Running, TaskInstanceState.Running, TaskInstanceState.None);
        consumer = consumer with { Run = consumer.Run with { Type = DagRunType.DatasetTriggered, RunId = "dataset_triggered__2024-01-01T03:00:00Z" } };
        consumer = consumer with { Tasks = consumer.Tasks.ToDictionary(t => t.Key, t => t.Value with { RunId = consumer.Run.RunId }) };
        await store.CreateDatasetTriggeredRunAsync(consumer.Run, consumer.Tasks.Values.ToList(), await store.ListQueuedDatasetEventsAsync("ui_flaky", ["warehouse.orders"]));

        var page = Render(context, store, consumer);

        var row = page.Find("[data-testid=run-triggers] [data-testid='trigger-warehouse.orders']");
        Assert.Contains("ui_flaky / manual__2024-01-01", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("load try 1", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("2024-01-01 03:00:00Z", row.TextContent, StringComparison.Ordinal);
        Assert.Equal(["datasets/warehouse.orders", "dags/ui_flaky/runs/manual__2024-01-01", "dags/ui_flaky/runs/manual__2024-01-01/tasks/load/tries/1"],
            row.QuerySelectorAll("a").Select(a => a.GetAttribute("href")));

        await using var manualContext = new BunitContext();
        Assert.Empty(Render(manualContext, store, producer).FindAll("[data-testid=run-triggers]"));
    }

    private static CheckRecord Check(RunSnapshot run, string name, string severity, long failing, string sample) => new()
    {
        DagId = run.Run.DagId, RunId = run.Run.RunId, TaskId = "load", TryNumber = 1, Name = name, Kind = name.Split('_')[0], Severity = severity,
        Target = "warehouse.fact_orders", FailingCount = failing, SampleJson = sample, At = UiTestData.Day,
    };
}
