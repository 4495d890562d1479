using DataEngineer.Sdk;

namespace DataEngineer.TestDags;

/// <summary>
/// Daily over past days only (its end date is past, so the scheduler creates no run of it): for backfills whose runs
/// stay running on demand. <c>wait</c> waits until the variable <see cref="Gate"/> is set, and stops when cancelled.
/// </summary>
public sealed class GatedBackfillDag() : Dag("it_backfill_gated", new DagOptions
{
    Schedule = "@daily",
    StartDate = TestDagDates.DaysAgo(60),
    EndDate = TestDagDates.DaysAgo(5),
    DefaultTaskOptions = new TaskOptions { Retries = 0 },
})
{
    /// <summary>Set this variable (to anything) to let every waiting try end.</summary>
    public const string Gate = "it_backfill_gate";

    protected override void Define(DagBuilder dag) => dag.Task("wait", async ctx =>
    {
        while (true)
        {
            try
            {
                await ctx.GetVariableAsync(Gate);
                return;
            }
            catch (InvalidOperationException)
            {
                await Task.Delay(100, ctx.CancellationToken);
            }
        }
    });
}
