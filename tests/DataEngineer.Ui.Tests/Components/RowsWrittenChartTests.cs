using Bunit;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;
using DataEngineer.Sdk;
using DataEngineer.Ui.Components;
using DataEngineer.Ui.Pages;
using DataEngineer.Ui.Presentation;
using Xunit;

namespace DataEngineer.Ui.Tests.Components;

/// <summary>The dataset page's trend: rows written per run against the band the anomaly detector expected, the anomaly marked.</summary>
public sealed class RowsWrittenChartTests
{
    private static readonly DateTimeOffset Now = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private const string Name = "warehouse.payments";

    // 14 ordinary days of 98 to 102 rows written into a table that keeps growing, then a day with a 40 % drop (60 rows).
    private static async Task<InMemoryMetadataStore> StoreAsync(bool recordTheAnomaly)
    {
        var store = new InMemoryMetadataStore();
        long total = 0;
        for (var day = 0; day < 15; day++)
        {
            var at = Now.AddDays(day - 15);
            var written = day == 14 ? 60 : 98 + (day % 5);
            total += written;
            await store.RecordTryObservationsAsync(new TryObservations
            {
                Writes =
                [
                    new DatasetWrite
                    {
                        Dataset = Name, DagId = "payments", RunId = $"run{day:00}", TaskId = "load", TryNumber = 1, At = at, LogicalDate = at,
                        RowCount = total, RowsWritten = written,
                    },
                ],
                Events = day == 14 && recordTheAnomaly
                    ? [new QualityEvent { Kind = QualityEventKinds.RowCountAnomaly, Severity = "warn", Dataset = Name, DagId = "payments", RunId = "run14", TaskId = "load", TryNumber = 1, Message = "60 rows", At = at }]
                    : [],
            });
        }

        return store;
    }

    [Fact]
    public async Task DatasetPage_FortyPercentDrop_IsARedPointBelowTheExpectedBand_OthersInsideIt()
    {
        await using var context = new BunitContext();
        UiPageContext.Add(context, await StoreAsync(recordTheAnomaly: true), [], UiPageContext.Clock(Now));

        var page = context.Render<DatasetPage>(p => p.Add(x => x.Name, Name));

        var points = page.FindAll("[data-testid=row-count-chart] circle");
        Assert.Equal(15, points.Count);
        Assert.Equal(["98", "99", "100"], points.Take(3).Select(p => p.GetAttribute("data-rows")));  // rows written, not the growing table size
        var anomaly = Assert.Single(page.FindAll("[data-testid=row-count-chart] [data-testid=trend-anomaly]"));
        Assert.Equal(("60", "run14"), (anomaly.GetAttribute("data-rows"), anomaly.GetAttribute("data-run")));
        var bands = page.FindAll("[data-testid=row-count-chart] [data-testid=trend-band]");
        Assert.Equal(15 - 7, bands.Count);  // the first 7 writes have too little history for a range (MinHistory 7)
        var last = bands[^1];
        Assert.Equal(("80", "120"), (last.GetAttribute("data-low"), last.GetAttribute("data-high")));  // median 100 ± 20 %
        Assert.Contains("60 rows written; expected 80 to 120 (median 100) - anomaly", anomaly.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trend_SameStatisticsAsTheDetector_MarksTheDropEvenWithoutARecordedEvent_AndUsesTheDeclaredOptions()
    {
        var store = await StoreAsync(recordTheAnomaly: false);
        var writes = (await store.ListDatasetWritesAsync(Name, 100)).Reverse().ToList();
        var declared = new RowCountAnomalyOptions { MinHistory = 3, MinRelativeDeviation = 0.5 };
        var graph = DagValidator.Validate(new PaymentsTrendDag(Name, declared).Build());

        var options = RowsWrittenTrend.OptionsOf(new Core.Execution.StaticDagRegistry([graph]), Name, "payments", "load");
        var defaults = RowsWrittenTrend.Of(writes, 15, _ => new RowCountAnomalyOptions(), _ => false);
        var wide = RowsWrittenTrend.Of(writes, 15, _ => options, _ => false);

        Assert.Equal(declared, options);
        Assert.True(defaults[^1].IsAnomaly);
        Assert.Equal([false], defaults.Take(14).Select(p => p.IsAnomaly).Distinct());
        Assert.False(wide[^1].IsAnomaly);  // ± 50 %: 60 is within 50 to 150
        Assert.Equal(15 - 3, wide.Count(p => p.Low is not null));
        await using var context = new BunitContext();
        var chart = context.Render<RowsWrittenChart>(p => p.Add(x => x.Points, defaults));
        Assert.Equal("60", chart.Find("[data-testid=trend-anomaly]").GetAttribute("data-rows"));
    }
}
