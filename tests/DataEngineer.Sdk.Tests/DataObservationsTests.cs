using DataEngineer.Sdk.Testing;
using Xunit;

namespace DataEngineer.Sdk.Tests;

public class DataObservationsTests
{
    private sealed class MarkDag() : Dag("marks", new DagOptions())
    {
        protected override void Define(DagBuilder dag) => dag.Task("extract", async ctx =>
        {
            var mark = await ctx.GetWatermarkAsync("source.orders");
            ctx.Data.AdvanceWatermark(new WatermarkAdvance(ctx.TaskId, "source.orders", mark + "+1"));
            ctx.Data.AdvanceWatermark(new WatermarkAdvance(ctx.TaskId, "source.orders", mark + "+2"));
            ctx.Data.RecordCheck(new CheckResult { Name = "c", Kind = "not_null", Severity = CheckSeverity.Warn, Target = "t", FailingCount = 2 });
        });
    }

    [Fact]
    public async Task TaskTestEnvironment_ReadsStoredMarks_AndShowsWhatTheTaskObserved()
    {
        var env = new TaskTestEnvironment();
        env.Watermarks[("extract", "source.orders")] = "m";

        await env.RunAsync(new MarkDag(), "extract");

        Assert.Equal(new WatermarkAdvance("extract", "source.orders", "m+2"), Assert.Single(env.Data.Watermarks));
        Assert.False(Assert.Single(env.Data.Checks).Passed);
        Assert.Empty(env.Data.Datasets);
        Assert.False(env.Data.IsEmpty);
    }

    [Fact]
    public void NewObservations_AreEmpty() => Assert.True(new DataObservations().IsEmpty);

    [Fact]
    public void RecordDataset_SameDatasetTwice_KeepsTheLatestStateWithRowsWrittenAddedUp()
    {
        var data = new DataObservations();
        var dim = new Dataset("mart.dim_customers");

        data.RecordDataset(new DatasetObservation { Dataset = dim, RowCount = 5, RowsWritten = 5, Columns = [] });
        data.RecordDataset(new DatasetObservation { Dataset = new Dataset("mart.other"), RowCount = 1, RowsWritten = 1, Columns = [] });
        data.RecordDataset(new DatasetObservation { Dataset = dim, RowCount = 7, RowsWritten = 2, Columns = [] });

        Assert.Equal([("mart.dim_customers", 7L, 7L), ("mart.other", 1L, 1L)], data.Datasets.Select(d => (d.Dataset.Name, d.RowCount, d.RowsWritten)));
    }
}
