using DataEngineer.Sdk;
using Microsoft.Extensions.Logging;

namespace DataEngineer.TestDags;

/// <summary>
/// For the browser tests: manual only, with typed params. <c>load</c> fails its first try (no retries)
/// and succeeds once cleared, so a test can watch a failed task turn green.
/// </summary>
public sealed class UiFlakyDag() : Dag<UiFlakyParams>("ui_flaky", new DagOptions { Owner = "oncall", Tags = ["ui", "test"], Description = "Fails once, then recovers" })
{
    protected override void Define(DagBuilder dag)
    {
        var rows = dag.Task("extract", ctx =>
        {
            var batches = ctx.Params<UiFlakyParams>().Batches;
            ctx.Logger.LogInformation("Extracting {Batches} batches from {Region}", batches, ctx.Params<UiFlakyParams>().Region);
            ctx.Rows.AddRead(batches * 10);
            return batches * 10;
        });
        dag.Task("load", rows, (ctx, count) =>
        {
            ctx.Logger.LogInformation("Loading {Count} rows, try {Try}", count, ctx.TryNumber);
            if (ctx.TryNumber == 1)
            {
                throw new InvalidOperationException("the warehouse refused the connection (first try always fails)");
            }

            ctx.Rows.AddWritten(count);
        });
    }
}
