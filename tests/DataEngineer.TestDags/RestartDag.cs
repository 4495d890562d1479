using DataEngineer.Sdk;

namespace DataEngineer.TestDags;

/// <summary>before -> during (4 s, long enough to restart PostgreSQL under it) -> after.</summary>
public sealed class RestartDag() : Dag("it_restart")
{
    protected override void Define(DagBuilder dag)
    {
        var before = dag.Task("before", _ => 1);
        var during = dag.Task("during", before, async (ctx, x) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(4), ctx.CancellationToken);
            return x + 1;
        });
        dag.Task("after", during, (_, x) => x + 1);
    }
}
