using Bunit;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Sdk;
using DataEngineer.Ui.Pages;
using Xunit;

namespace DataEngineer.Ui.Tests.Components;

/// <summary>The try page's SQL statements (duration, rows, costliest plan node, sequential scans, anomaly) and the dataset page's sizes.</summary>
public sealed class PlansAndSizesTests
{
    private const string SeqScanPlan = """
        [{"Plan": {"Node Type": "ModifyTable", "Operation": "Update", "Relation Name": "orders", "Schema": "mart", "Total Cost": 900, "Plan Rows": 0,
          "Plans": [{"Node Type": "Seq Scan", "Relation Name": "status_lookup", "Schema": "ref", "Total Cost": 880, "Plan Rows": 50000}]}}]
        """;

    [Fact]
    public async Task TryPage_ListsStatements_WithCostliestNode_SequentialScan_AndTheSlowOne()
    {
        await using var context = new BunitContext();
        var run = UiTestData.Run(0, DagRunState.Failed, TaskInstanceState.Failed, TaskInstanceState.UpstreamFailed);
        var store = await UiTestData.StoreWithRunsAsync(run);
        StatementRecord Statement(int ordinal, double ms, string? plan) => new()
        {
            DagId = run.Run.DagId, RunId = run.Run.RunId, TaskId = "extract", TryNumber = 1, Script = "sql/enrich.sql", Ordinal = ordinal,
            Sql = ordinal == 1 ? "CREATE TEMP TABLE x (id int)" : "UPDATE mart.orders o SET status = l.label FROM ref.status_lookup l WHERE l.code = o.code",
            DurationMs = ms, Rows = ordinal == 1 ? 0 : 1234, PlanJson = plan, At = UiTestData.Day,
        };
        await store.RecordTryObservationsAsync(new TryObservations
        {
            Statements = [Statement(1, 2, null), Statement(2, 4500, SeqScanPlan)],
            Events =
            [
                new QualityEvent
                {
                    Kind = QualityEventKinds.StatementDurationAnomaly, Severity = "warn", DagId = run.Run.DagId, RunId = run.Run.RunId, TaskId = "extract", TryNumber = 1,
                    Message = "Statement 2 of sql/enrich.sql in extract: 10 to 40 ms expected (median 20 ms of the last 7 runs), took 4500 ms", At = UiTestData.Day,
                },
            ],
        });
        UiPageContext.Add(context, store, [UiPiiDag.Graph], UiPageContext.Clock(UiTestData.Day.AddDays(1)));

        var page = context.Render<TaskTryPage>(p => p.Add(x => x.DagId, run.Run.DagId).Add(x => x.RunId, run.Run.RunId).Add(x => x.TaskId, "extract").Add(x => x.TryNumber, 1));

        var rows = page.FindAll("[data-testid=statement-row]");
        Assert.Equal(2, rows.Count);
        Assert.Contains("no plan", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("1,234", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Equal("Seq Scan on ref.status_lookup (cost 880 of 880, ~50000 rows)", page.Find("[data-testid=statement-costliest]").TextContent);
        Assert.Equal("sequential scan of ref.status_lookup", page.Find("[data-testid=statement-seq-scan]").TextContent);
        Assert.Contains("took 4500 ms", Assert.Single(page.FindAll("[data-testid=statement-anomaly]")).TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DatasetPage_ListsSizesNewestFirst_AndFlagsTheAnomaly()
    {
        await using var context = new BunitContext();
        var store = new InMemoryMetadataStore();
        var now = new DateTimeOffset(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);
        for (var day = 0; day < 6; day++)
        {
            var at = now.AddDays(day - 6);
            var grown = day == 5;
            await store.RecordTryObservationsAsync(new TryObservations
            {
                Writes =
                [
                    new DatasetWrite
                    {
                        Dataset = "ref.status_lookup", DagId = "lookups", RunId = $"run{day}", TaskId = "load", TryNumber = 1, At = at, LogicalDate = at,
                        RowCount = grown ? 50_000 : 500, RowsWritten = 10, Columns = [new DatasetColumn("code", "text")],
                        SizeBytes = grown ? 5L << 20 : 49_152, RowEstimate = grown ? 50_000 : 500,
                    },
                ],
                Events = grown
                    ? [new QualityEvent { Kind = QualityEventKinds.TableSizeAnomaly, Severity = "warn", Dataset = "ref.status_lookup", DagId = "lookups", RunId = $"run{day}", TaskId = "load", Message = "Size of ref.status_lookup on disk: 24 kB to 72 kB expected, got 5 MB", At = at }]
                    : [],
            });
        }

        UiPageContext.Add(context, store, [], UiPageContext.Clock(now));
        var page = context.Render<DatasetPage>(p => p.Add(x => x.Name, "ref.status_lookup"));

        var rows = page.FindAll("[data-testid=size-row]");
        Assert.Equal(6, rows.Count);
        Assert.Contains("5 MB", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("50,000", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("48 kB", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("got 5 MB", Assert.Single(page.FindAll("[data-testid=size-anomaly]")).TextContent, StringComparison.Ordinal);
    }
}
