using Bunit;
using DataEngineer.Core.Storage;
using DataEngineer.Sdk;
using DataEngineer.Ui.Pages;
using Xunit;

namespace DataEngineer.Ui.Tests.Components;

/// <summary>The Datasets list (freshness against SLA) and a dataset's page (row-count trend with anomalies, schema drift).</summary>
public sealed class DatasetPagesTests
{
    private static readonly DateTimeOffset Now = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DatasetColumn Id = new("order_id", "bigint");
    private static readonly DatasetColumn Status = new("status", "text");
    private static readonly DatasetColumn Channel = new("channel", "text");

    private static DatasetWrite Write(string dataset, string runId, DateTimeOffset at, long rows, TimeSpan? sla, params DatasetColumn[] columns) => new()
    {
        Dataset = dataset, DagId = "orders_etl", RunId = runId, TaskId = "load", TryNumber = 1, At = at, LogicalDate = at, RowCount = rows, RowsWritten = rows,
        FreshnessSla = sla, Columns = columns,
    };

    private static async Task<InMemoryMetadataStore> StoreAsync()
    {
        var store = new InMemoryMetadataStore();
        // fresh: 1 h old against 24 h; ageing: 22 h old against 24 h; breached: 30 h old against 24 h; no SLA.
        await store.RecordTryObservationsAsync(new TryObservations
        {
            Writes =
            [
                Write("w.fresh", "r1", Now.AddHours(-1), 10, TimeSpan.FromHours(24), Id),
                Write("w.ageing", "r1", Now.AddHours(-22), 20, TimeSpan.FromHours(24), Id),
                Write("w.breached", "r1", Now.AddHours(-30), 30, TimeSpan.FromHours(24), Id),
                Write("w.nosla", "r1", Now.AddDays(-10), 1_234_567, null, Id),
            ],
        });
        return store;
    }

    [Fact]
    public async Task List_ColoursFreshnessAgainstTheSla_BreachedFirst()
    {
        await using var context = new BunitContext();
        UiPageContext.Add(context, await StoreAsync(), [], UiPageContext.Clock(Now));

        var page = context.Render<DatasetsPage>();

        Assert.Equal("fresh", page.Find("[data-testid='freshness-w.fresh']").GetAttribute("data-level"));
        Assert.Equal("ageing", page.Find("[data-testid='freshness-w.ageing']").GetAttribute("data-level"));
        Assert.Equal("breached", page.Find("[data-testid='freshness-w.breached']").GetAttribute("data-level"));
        Assert.Equal("no SLA", page.Find("[data-testid='freshness-w.nosla']").GetAttribute("data-level"));
        Assert.Equal("1,234,567", page.Find("[data-testid='rows-w.nosla']").TextContent);
        var order = page.FindAll("[data-testid=dataset-table] tbody tr").Select(r => r.GetAttribute("data-testid")).ToList();
        Assert.Equal(["dataset-w.breached", "dataset-w.ageing", "dataset-w.fresh", "dataset-w.nosla"], order);
        Assert.Equal("datasets/w.fresh", page.Find("[data-testid='dataset-w.fresh'] a").GetAttribute("href"));
    }

    [Fact]
    public async Task Detail_MarksAnomalousWrites_AndShowsSchemaDriftWithBeforeAndAfter()
    {
        await using var context = new BunitContext();
        var store = new InMemoryMetadataStore();
        for (var day = 0; day < 5; day++)
        {
            var at = Now.AddDays(day - 5);
            var columns = day < 3 ? new[] { Id, Status } : new[] { Id, Status with { Type = "varchar" }, Channel };
            var anomaly = day == 4;
            await store.RecordTryObservationsAsync(new TryObservations
            {
                Writes = [Write("warehouse.fact_orders", $"run{day}", at, anomaly ? 60 : 100, TimeSpan.FromHours(28), columns)],
                Events = anomaly
                    ? [new QualityEvent { Kind = QualityEventKinds.RowCountAnomaly, Severity = "warn", Dataset = "warehouse.fact_orders", DagId = "orders_etl", RunId = $"run{day}", TaskId = "load", Message = "60 rows, expected 80 to 120", After = """{"low": 80, "high": 120}""", At = at }]
                    : day == 3
                        ? [new QualityEvent { Kind = QualityEventKinds.SchemaDrift, Severity = "warn", Dataset = "warehouse.fact_orders", DagId = "orders_etl", RunId = $"run{day}", TaskId = "load", Message = "columns changed", Before = """["order_id bigint","status text"]""", After = """["order_id bigint","status varchar","channel text"]""", At = at }]
                        : [],
            });
        }

        UiPageContext.Add(context, store, [], UiPageContext.Clock(Now));
        var page = context.Render<DatasetPage>(p => p.Add(x => x.Name, "warehouse.fact_orders"));

        Assert.Single(page.FindAll("[data-testid=row-count-chart] svg"));
        var anomalies = page.FindAll("[data-testid=anomaly-table] tbody tr");
        Assert.Contains("60 rows, expected 80 to 120", Assert.Single(anomalies).TextContent, StringComparison.Ordinal);
        Assert.Contains("run4", anomalies[0].TextContent, StringComparison.Ordinal);

        var v2 = page.Find("[data-testid=schema-v2]");
        var changes = v2.QuerySelectorAll(".schema-column").ToDictionary(c => c.TextContent.Split(' ')[0], c => c.GetAttribute("data-change"));
        Assert.Equal(new Dictionary<string, string?> { ["order_id"] = "unchanged", ["status"] = "retyped", ["channel"] = "added" }, changes);
        Assert.All(page.Find("[data-testid=schema-v1]").QuerySelectorAll(".schema-column"), c => Assert.Equal("unchanged", c.GetAttribute("data-change")));

        var drift = Assert.Single(page.FindAll("[data-testid=drift-table] tbody tr"));
        Assert.Equal(QualityEventKinds.SchemaDrift, drift.GetAttribute("data-kind"));
        Assert.Contains("status varchar", drift.TextContent, StringComparison.Ordinal);
        Assert.Contains("status text", drift.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Detail_UnknownDataset_SaysSo()
    {
        await using var context = new BunitContext();
        UiPageContext.Add(context, await StoreAsync(), [], UiPageContext.Clock(Now));

        var page = context.Render<DatasetPage>(p => p.Add(x => x.Name, "no.such"));

        Assert.Contains("No dataset 'no.such' has been recorded.", page.Find("[data-testid=dataset-missing]").TextContent, StringComparison.Ordinal);
    }
}
