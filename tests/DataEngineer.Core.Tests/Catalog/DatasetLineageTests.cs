using DataEngineer.Core.Catalog;
using DataEngineer.Core.Storage;
using DataEngineer.Testing.Lineage;
using Xunit;

namespace DataEngineer.Core.Tests.Catalog;

public class DatasetLineageTests
{
    private static readonly DatasetLineage Lineage = new(DatasetCatalogBuilder.Build(LineageDags.All()).Edges);

    [Fact]
    public void Impact_RawOrders_CountsEveryDownstreamDatasetAndReadingDag()
    {
        var impact = Lineage.Impact("raw.orders");

        Assert.Equal(["reporting.customer_value", "reporting.daily_revenue", "warehouse.dim_customers", "warehouse.fact_orders"], impact.DownstreamDatasets);
        Assert.Equal(["orders_etl_lineage", "reporting"], impact.ReadingDags);
        Assert.Equal("4 downstream datasets and 2 DAGs read this", impact.Summary);
        Assert.Equal("5 downstream datasets and 3 DAGs read this", Lineage.Impact("source.orders").Summary);
        Assert.Equal("0 downstream datasets and 0 DAGs read this", Lineage.Impact("reporting.daily_revenue").Summary);
        Assert.Equal("1 downstream dataset and 1 DAG read this", Lineage.Impact("warehouse.dim_customers").Summary);
    }

    [Fact]
    public void Trace_Downstream_FollowsReadersThenWhatTheyWrite()
    {
        var graph = Lineage.Trace("raw.orders", LineageDirection.Downstream);

        Assert.Equal(["task:orders_etl_lineage.build_customers", "task:orders_etl_lineage.build_fact", "task:reporting.audit"], graph.Next("dataset:raw.orders"));
        Assert.Equal(["dataset:warehouse.fact_orders"], graph.Next("task:orders_etl_lineage.build_fact"));
        Assert.Equal(["task:reporting.customer_value", "task:reporting.daily_revenue"], graph.Next("dataset:warehouse.fact_orders"));
        Assert.Equal(2, graph.Node("dataset:reporting.daily_revenue").Distance);
        Assert.DoesNotContain(graph.Nodes, n => n.Name == "ingest.extract_orders");
    }

    [Fact]
    public void Trace_UpstreamWithDepth_StopsAfterThatManyHops()
    {
        var one = Lineage.Trace("reporting.customer_value", LineageDirection.Upstream, depth: 1);
        var all = Lineage.Trace("reporting.customer_value", LineageDirection.Upstream);

        Assert.Equal(
            ["dataset:reporting.customer_value", "dataset:warehouse.dim_customers", "dataset:warehouse.fact_orders", "task:reporting.customer_value"],
            one.Nodes.Select(n => n.Id));
        Assert.Contains(all.Nodes, n => n.Id == "dataset:source.orders" && n.Distance == -3);
        Assert.Equal(["task:ingest.extract_orders"], all.Previous("dataset:raw.orders"));
        Assert.Throws<ArgumentOutOfRangeException>(() => Lineage.Trace("raw.orders", depth: 0));
    }

    [Fact]
    public void Trace_Cycle_VisitsEachNodeOnce()
    {
        var lineage = new DatasetLineage(
        [
            new LineageEdge("a", "t", "x", DatasetAccess.Reads), new LineageEdge("a", "t", "y", DatasetAccess.Writes),
            new LineageEdge("b", "u", "y", DatasetAccess.Reads), new LineageEdge("b", "u", "x", DatasetAccess.Writes),
            new LineageEdge("c", "self", "x", DatasetAccess.Reads), new LineageEdge("c", "self", "x", DatasetAccess.Writes),
        ]);

        var graph = lineage.Trace("x");

        Assert.Equal(5, graph.Nodes.Count);
        Assert.Equal("1 downstream dataset and 3 DAGs read this", graph.Impact.Summary);
        Assert.False(lineage.Knows("z"));
    }

    [Fact]
    public void Dot_QuotesEveryIdAndEscapesQuotes()
    {
        var lineage = new DatasetLineage([new LineageEdge("d\"ag", "t\\", "s.x", DatasetAccess.Reads), new LineageEdge("d\"ag", "t\\", "s.y", DatasetAccess.Writes)]);

        var dot = LineageDot.Render(lineage.Trace("s.x"));

        Assert.StartsWith("digraph lineage {\n", dot, StringComparison.Ordinal);
        Assert.Contains("\"task:d\\\"ag.t\u29F5\" [label=\"d\\\"ag\\nt\u29F5\", shape=box, style=rounded];", dot, StringComparison.Ordinal);
        Assert.Contains("\"dataset:s.x\" -> \"task:d\\\"ag.t\u29F5\";", dot, StringComparison.Ordinal);
        Assert.EndsWith("}\n", dot, StringComparison.Ordinal);
    }
}
