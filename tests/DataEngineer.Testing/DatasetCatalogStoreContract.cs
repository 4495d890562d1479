using DataEngineer.Core.Catalog;
using DataEngineer.Core.Storage;
using DataEngineer.Sdk;
using DataEngineer.Testing.Lineage;
using Xunit;

namespace DataEngineer.Testing;

/// <summary>What every store must do with the dataset catalog and lineage; run against both stores.</summary>
public abstract class DatasetCatalogStoreContract
{
    protected abstract Task<IMetadataStore> CreateStoreAsync();

    [Fact]
    public async Task Replace_ThreeDags_RoundTripsEveryEntryAndEdge()
    {
        var store = await CreateStoreAsync();
        var catalog = DatasetCatalogBuilder.Build(LineageDags.All());

        await store.ReplaceDatasetCatalogAsync(catalog);

        Assert.Equal(catalog.Entries, await store.ListCatalogEntriesAsync(), new EntryComparer());
        Assert.Equal(catalog.Edges, await store.ListLineageEdgesAsync());
        var raw = await store.GetCatalogEntryAsync("raw.orders");
        Assert.NotNull(raw);
        Assert.Equal(("ingest-team", ContractMode.Additive, "ingest.extract_orders"), (raw.Owner, raw.Contract, raw.DeclaredBy));
        Assert.Equal(LineageDatasets.RawOrders.Columns, raw.Columns);
        Assert.Equal(LineageDatasets.RawOrders.Retention, raw.Retention);
        Assert.Equal(TimeSpan.FromHours(26), raw.FreshnessSla);
        Assert.Equal(["email"], raw.PiiColumns);
        Assert.Contains("reporting.audit (reads) declares raw.orders with a different owner", Assert.Single(raw.Warnings), StringComparison.Ordinal);
        Assert.Null(await store.GetCatalogEntryAsync("no.such"));
    }

    [Fact]
    public async Task ListDatasetLineage_ReturnsOnlyThatDatasetsWritersAndReaders()
    {
        var store = await CreateStoreAsync();
        await store.ReplaceDatasetCatalogAsync(DatasetCatalogBuilder.Build(LineageDags.All()));

        var edges = await store.ListDatasetLineageAsync("raw.orders");

        Assert.Equal(
            [
                new LineageEdge("orders_etl_lineage", "build_customers", "raw.orders", DatasetAccess.Reads),
                new LineageEdge("orders_etl_lineage", "build_fact", "raw.orders", DatasetAccess.Reads),
                new LineageEdge("reporting", "audit", "raw.orders", DatasetAccess.Reads),
                new LineageEdge("ingest", "extract_orders", "raw.orders", DatasetAccess.Writes),
            ],
            edges);
        Assert.Empty(await store.ListDatasetLineageAsync("no.such"));
    }

    [Fact]
    public async Task Replace_WithoutADag_RemovesItsEdgesAndTheDatasetsOnlyItUsed()
    {
        var store = await CreateStoreAsync();
        await store.ReplaceDatasetCatalogAsync(DatasetCatalogBuilder.Build(LineageDags.All()));

        await store.ReplaceDatasetCatalogAsync(DatasetCatalogBuilder.Build(LineageDags.All().Where(g => g.DagId != "reporting")));

        var edges = await store.ListLineageEdgesAsync();
        Assert.DoesNotContain(edges, e => e.DagId == "reporting");
        Assert.Null(await store.GetCatalogEntryAsync("reporting.daily_revenue"));
        Assert.Empty((await store.GetCatalogEntryAsync("raw.orders"))!.Warnings);

        await store.ReplaceDatasetCatalogAsync(DatasetCatalogSnapshot.Empty);
        Assert.Empty(await store.ListCatalogEntriesAsync());
        Assert.Empty(await store.ListLineageEdgesAsync());
    }

    [Fact]
    public async Task Replace_BareEntry_KeepsNothingButTheName()
    {
        var store = await CreateStoreAsync();
        await store.ReplaceDatasetCatalogAsync(DatasetCatalogBuilder.Build(LineageDags.All()));

        var bare = await store.GetCatalogEntryAsync("reporting.daily_revenue");

        Assert.NotNull(bare);
        Assert.False(bare.IsDeclared);
        Assert.Equal((null, null, ContractMode.None, 0, 0), (bare.Owner, bare.Retention, bare.Contract, bare.Columns.Count, bare.Tags.Count));
    }

    // Records holding lists compare the lists by reference; compare what they hold.
    private sealed class EntryComparer : IEqualityComparer<DatasetCatalogEntry>
    {
        public bool Equals(DatasetCatalogEntry? x, DatasetCatalogEntry? y) =>
            x is not null && y is not null && x with { Tags = [], Columns = [], Warnings = [] } == y with { Tags = [], Columns = [], Warnings = [] }
            && x.Tags.SequenceEqual(y.Tags) && x.Columns.SequenceEqual(y.Columns) && x.Warnings.SequenceEqual(y.Warnings);

        public int GetHashCode(DatasetCatalogEntry obj) => obj.Name.GetHashCode(StringComparison.Ordinal);
    }
}
