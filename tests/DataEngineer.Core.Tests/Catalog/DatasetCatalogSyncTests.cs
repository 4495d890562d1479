using DataEngineer.Core.Execution;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Tests.Fixtures;
using DataEngineer.Testing.Lineage;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace DataEngineer.Core.Tests.Catalog;

public class DatasetCatalogSyncTests
{
    private static RunScheduler Scheduler(IMetadataStore store, params string[] dagIds) => new(
        store, store, store, store, store, store, store, new InProcessDispatcher(), new StaticDagRegistry(LineageDags.All().Where(g => dagIds.Contains(g.DagId))), TimeProvider.System,
        new SchedulerOptions(), NullLogger<RunScheduler>.Instance);

    [Fact]
    public async Task SyncDags_StoresTheCatalogAndADeactivatedDagLosesItsEdges()
    {
        var store = new InMemoryMetadataStore();
        await Scheduler(store, "ingest", "orders_etl_lineage", "reporting").SyncDagsAsync(CancellationToken.None);

        Assert.Equal(12, (await store.ListLineageEdgesAsync()).Count);
        Assert.Single((await store.GetCatalogEntryAsync("raw.orders"))!.Warnings);

        await Scheduler(store, "ingest", "orders_etl_lineage").SyncDagsAsync(CancellationToken.None);

        Assert.False((await store.GetDagAsync("reporting"))!.IsActive);
        Assert.DoesNotContain(await store.ListLineageEdgesAsync(), e => e.DagId == "reporting");
        Assert.Null(await store.GetCatalogEntryAsync("reporting.daily_revenue"));
        Assert.Empty((await store.GetCatalogEntryAsync("raw.orders"))!.Warnings);
    }
}
