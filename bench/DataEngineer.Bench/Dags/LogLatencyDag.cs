using DataEngineer.Sdk;
using Microsoft.Extensions.Logging;

namespace DataEngineer.Bench.Dags;

/// <summary>The log-latency scenario's DAG: one task that logs <see cref="Lines"/> numbered lines, one every <see cref="Spacing"/>.</summary>
public sealed class LogLatencyDag() : Dag("bench_log_latency")
{
    public const int Lines = 60;

    public static readonly TimeSpan Spacing = TimeSpan.FromMilliseconds(70);

    protected override void Define(DagBuilder dag) => dag.Task("talk", async ctx =>
    {
        for (var i = 1; i <= Lines; i++)
        {
            ctx.Logger.LogInformation("bench line {Number}", i);
            await Task.Delay(Spacing, ctx.CancellationToken);
        }
    });
}
