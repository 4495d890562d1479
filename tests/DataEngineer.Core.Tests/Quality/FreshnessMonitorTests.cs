using DataEngineer.Core.Quality;
using DataEngineer.Core.Storage;
using DataEngineer.Sdk;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace DataEngineer.Core.Tests.Quality;

public class FreshnessMonitorTests
{
    private static readonly DateTimeOffset Written = new(2024, 1, 2, 2, 0, 0, TimeSpan.Zero);

    private static DatasetWrite Write(DateTimeOffset at, TimeSpan? sla) => new()
    {
        Dataset = "warehouse.orders", DagId = "etl", RunId = $"r{at:yyyyMMddHH}", TaskId = "load", TryNumber = 1, At = at, LogicalDate = at.AddDays(-1),
        RowCount = 10, RowsWritten = 10, FreshnessSla = sla, Columns = [new DatasetColumn("id", "bigint")],
    };

    [Fact]
    public async Task Sweep_PastTheSla_RecordsOneBreachUntilAWriteMakesItFresh()
    {
        var store = new InMemoryMetadataStore();
        var time = new FakeTimeProvider(Written);
        var monitor = new FreshnessMonitor(store, time, NullLogger<FreshnessMonitor>.Instance);
        await store.RecordTryObservationsAsync(new TryObservations { Writes = [Write(Written, TimeSpan.FromHours(26))] });

        time.Advance(TimeSpan.FromHours(25));
        Assert.Equal(0, await monitor.SweepAsync(CancellationToken.None));
        time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, await monitor.SweepAsync(CancellationToken.None));
        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await monitor.SweepAsync(CancellationToken.None));

        var breach = Assert.Single(await store.ListQualityEventsAsync(0, 10));
        Assert.Equal((QualityEventKinds.FreshnessBreach, "error", "warehouse.orders"), (breach.Kind, breach.Severity, breach.Dataset));
        Assert.Equal(Written.AddHours(27), breach.At);
        Assert.Contains("above its freshness SLA of 26 h", breach.Message, StringComparison.Ordinal);
        Assert.Equal(Written.AddHours(27), (await store.GetDatasetAsync("warehouse.orders"))!.BreachedSince);

        await store.RecordTryObservationsAsync(new TryObservations { Writes = [Write(time.GetUtcNow(), TimeSpan.FromHours(26))] });
        await monitor.SweepAsync(CancellationToken.None);

        Assert.Equal(time.GetUtcNow(), Assert.Single(await store.ListQualityEventsAsync(0, 10)).ResolvedAt);
        Assert.Null((await store.GetDatasetAsync("warehouse.orders"))!.BreachedSince);
    }

    [Fact]
    public async Task Sweep_WithoutSla_NeverBreaches()
    {
        var store = new InMemoryMetadataStore();
        var time = new FakeTimeProvider(Written);
        await store.RecordTryObservationsAsync(new TryObservations { Writes = [Write(Written, null)] });
        time.Advance(TimeSpan.FromDays(30));

        Assert.Equal(0, await new FreshnessMonitor(store, time, NullLogger<FreshnessMonitor>.Instance).SweepAsync(CancellationToken.None));
        Assert.Empty(await store.ListQualityEventsAsync(0, 10));
    }
}
