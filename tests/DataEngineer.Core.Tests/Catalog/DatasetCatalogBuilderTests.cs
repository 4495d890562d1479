using DataEngineer.Core.Catalog;
using DataEngineer.Core.Tests.Fixtures;
using DataEngineer.Core.Validation;
using DataEngineer.Sdk;
using DataEngineer.Testing.Lineage;
using Xunit;

namespace DataEngineer.Core.Tests.Catalog;

public class DatasetCatalogBuilderTests
{
    private static DagGraph Graph(string id, Action<DagBuilder> define) => DagValidator.Validate(new TestDag(id, define).Build());

    private static DagGraph Writer(string dagId, Dataset dataset) => Graph(dagId, d => d.Task("load", _ => { }, new TaskOptions { Writes = [dataset] }));

    private static DagGraph Reader(string dagId, Dataset dataset) => Graph(dagId, d => d.Task("use", _ => { }, new TaskOptions { Reads = [dataset] }));

    [Fact]
    public void Build_ThreeDags_OneEntryPerDatasetAndEveryEdge()
    {
        var catalog = DatasetCatalogBuilder.Build(LineageDags.All());

        Assert.Equal(
            ["raw.orders", "reporting.customer_value", "reporting.daily_revenue", "source.orders", "warehouse.dim_customers", "warehouse.fact_orders"],
            catalog.Entries.Select(e => e.Name));
        Assert.Equal(12, catalog.Edges.Count);
        Assert.Equal("warehouse-team", catalog.Entries.Single(e => e.Name == "warehouse.fact_orders").Owner);
        Assert.False(catalog.Entries.Single(e => e.Name == "source.orders").IsDeclared);
    }

    [Fact]
    public void Build_WriterAndBareReader_WriterDeclarationWithoutWarning()
    {
        var declared = new Dataset("dw.orders") { Owner = "team-a", Columns = [new DatasetColumnSpec("id") { Description = "key" }] };

        var entry = Assert.Single(DatasetCatalogBuilder.Build([Writer("a", declared), Reader("b", new Dataset("dw.orders"))]).Entries);

        Assert.Equal(("team-a", "a.load"), (entry.Owner, entry.DeclaredBy));
        Assert.Empty(entry.Warnings);
    }

    [Fact]
    public void Build_ReaderDeclaresDifferently_WriterWinsAndTheReaderIsWarnedAbout()
    {
        var entry = Assert.Single(DatasetCatalogBuilder.Build(
            [Reader("a_reader", new Dataset("dw.orders") { Owner = "reader-team" }), Writer("z_writer", new Dataset("dw.orders") { Owner = "writer-team" })]).Entries);

        Assert.Equal(("writer-team", "z_writer.load"), (entry.Owner, entry.DeclaredBy));
        Assert.Equal(
            "a_reader.use (reads) declares dw.orders with a different owner than z_writer.load (writes); the declaration of z_writer.load is used. " +
            "Declare the dataset once (a shared static Dataset) so they agree.",
            Assert.Single(entry.Warnings));
    }

    [Fact]
    public void Build_TwoWritersDisagree_FirstByDagIdWinsAndEveryDifferenceIsNamed()
    {
        var first = new Dataset("dw.orders") { Owner = "a", Contract = ContractMode.Exact };
        var second = new Dataset("dw.orders") { Owner = "b", Tags = ["x"], Contract = ContractMode.Additive };

        var entry = Assert.Single(DatasetCatalogBuilder.Build([Writer("dag_b", second), Writer("dag_a", first)]).Entries);

        Assert.Equal((ContractMode.Exact, "dag_a.load"), (entry.Contract, entry.DeclaredBy));
        Assert.Contains("dag_b.load (writes) declares dw.orders with a different owner, tags, contract than dag_a.load (writes)", Assert.Single(entry.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_SameDeclarationTwice_NoWarning()
    {
        var shared = new Dataset("dw.orders") { Owner = "a", Columns = [new DatasetColumnSpec("id") { Type = "bigint" }] };
        var copy = new Dataset("dw.orders") { Owner = "a", Columns = [new DatasetColumnSpec("id") { Type = "bigint" }] };

        var entry = Assert.Single(DatasetCatalogBuilder.Build([Writer("a", shared), Reader("b", copy)]).Entries);

        Assert.Empty(entry.Warnings);
    }

    [Fact]
    public void Build_AcceptedValues_AreComparedValueByValue()
    {
        static Dataset Orders(params string[] statuses) => new("dw.orders") { Columns = [new DatasetColumnSpec("status") { AcceptedValues = statuses }] };

        var same = Assert.Single(DatasetCatalogBuilder.Build([Writer("a", Orders("placed", "shipped")), Reader("b", Orders("placed", "shipped"))]).Entries);
        var different = Assert.Single(DatasetCatalogBuilder.Build([Writer("a", Orders("placed", "shipped")), Reader("b", Orders("placed"))]).Entries);

        Assert.Empty(same.Warnings);
        Assert.Contains("with a different columns than a.load", Assert.Single(different.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_OnlyReadersDeclare_FirstReaderIsUsed()
    {
        var entry = Assert.Single(DatasetCatalogBuilder.Build([Reader("b", new Dataset("ext.feed") { Owner = "vendor" }), Reader("a", new Dataset("ext.feed"))]).Entries);

        Assert.Equal(("vendor", "b.use"), (entry.Owner, entry.DeclaredBy));
    }
}
