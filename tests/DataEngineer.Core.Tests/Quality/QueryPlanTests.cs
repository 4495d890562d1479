using DataEngineer.Core.Quality;
using Xunit;

namespace DataEngineer.Core.Tests.Quality;

public class QueryPlanTests
{
    // EXPLAIN (FORMAT JSON) of an UPDATE ... FROM joining a big lookup table read sequentially, as PostgreSQL 15 prints it.
    private const string Plan = """
        [{"Plan": {"Node Type": "ModifyTable", "Operation": "Update", "Relation Name": "orders", "Schema": "mart", "Total Cost": 1200.5, "Plan Rows": 0,
          "Plans": [{"Node Type": "Hash Join", "Total Cost": 1200.5, "Plan Rows": 100,
            "Plans": [{"Node Type": "Seq Scan", "Relation Name": "status_lookup", "Schema": "ref", "Total Cost": 1000, "Plan Rows": 50000},
                      {"Node Type": "Index Scan", "Relation Name": "orders", "Schema": "mart", "Index Name": "orders_pkey", "Total Cost": 8.3, "Plan Rows": 100}]}]}}]
        """;

    [Fact]
    public void Parse_FlattensNodes_AndNamesTheCostliestAndTheSequentialScans()
    {
        var plan = QueryPlan.Parse(Plan)!;

        Assert.Equal(["ModifyTable", "Hash Join", "Seq Scan", "Index Scan"], plan.Nodes.Select(n => n.NodeType));
        Assert.Equal(1200.5, plan.TotalCost);
        Assert.Equal("Seq Scan on ref.status_lookup (cost 1000 of 1000, ~50000 rows)", plan.Costliest(1)[0].ToString());
        Assert.Equal("ref.status_lookup", Assert.Single(plan.SequentialScans).Relation);
        Assert.Equal(192.2, plan.Nodes[1].SelfCost, 3);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"Plan": 3}""")]
    public void Parse_NoPlan_IsNull(string? json) => Assert.Null(QueryPlan.Parse(json));

    [Fact]
    public void GrowthAnomalies_FlagAHundredfoldTableAndASlowStatement_NotNoise()
    {
        long[] sizes = [8192 * 10, 8192 * 10, 8192 * 11, 8192 * 10, 8192 * 12];
        double[] durations = [20, 22, 19, 25, 21];

        Assert.NotNull(GrowthAnomalies.SizeAnomaly(sizes, 8192L * 1000));
        Assert.Null(GrowthAnomalies.SizeAnomaly(sizes, 8192L * 13));
        Assert.Null(GrowthAnomalies.SizeAnomaly(sizes[..4], 8192L * 1000)); // too little history to judge
        Assert.NotNull(GrowthAnomalies.DurationAnomaly(durations, 900));
        Assert.Null(GrowthAnomalies.DurationAnomaly(durations, 60)); // three times slower but only 40 ms more
    }
}
