using DataEngineer.Sdk;

namespace DataEngineer.Bench.Dags;

/// <summary>
/// Two no-op tasks: <c>noop</c> observes nothing; <c>observed</c> records what a loading task records (one dataset,
/// one check result, one watermark) from constant values, so only the engine's recording is measured.
/// </summary>
public sealed class ObservedDag() : Dag("bench_observed", new DagOptions())
{
    private static readonly Dataset Target = new("bench.target") { FreshnessSla = TimeSpan.FromHours(26) };

    protected override void Define(DagBuilder dag)
    {
        dag.Task("noop", _ => { });
        dag.Task("observed", ctx =>
        {
            ctx.Data.RecordDataset(new DatasetObservation
            {
                Dataset = Target, RowCount = 1_000_000, RowsWritten = 1_000, DataUpdatedAt = ctx.DataInterval.End,
                Columns = [new DatasetColumn("id", "bigint"), new DatasetColumn("status", "text")],
            });
            ctx.Data.RecordCheck(new CheckResult { Name = "not_null_id", Kind = "not_null", Severity = CheckSeverity.Error, Target = Target.Name, FailingCount = 0 });
            ctx.Data.AdvanceWatermark(new WatermarkAdvance(ctx.TaskId, "bench.source", ctx.DataInterval.End.ToString("O")));
        });
    }
}
