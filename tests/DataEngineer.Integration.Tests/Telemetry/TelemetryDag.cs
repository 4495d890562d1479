using DataEngineer.Sdk;

namespace DataEngineer.Integration.Tests.Telemetry;

/// <summary>extract (reports rows) -> load (reads extract's value from the metadata database) -> flaky (fails its first try).</summary>
public sealed class TelemetryDag() : Dag("telemetry_dag")
{
    protected override void Define(DagBuilder dag)
    {
        var extract = dag.Task("extract", ctx =>
        {
            ctx.Rows.AddRead(10);
            ctx.Rows.AddWritten(7);
            ctx.Rows.AddRejected(3);
            return 42;
        });
        var load = dag.Task("load", extract, (_, value) => value + 1);
        dag.Task("flaky", ctx =>
        {
            if (ctx.TryNumber == 1)
            {
                throw new InvalidOperationException("first try fails");
            }
        }, new TaskOptions { Retries = 1, RetryDelay = TimeSpan.Zero }).After(load);
    }
}
