using DataEngineer.Sdk;

namespace DataEngineer.TestDags;

/// <summary>Manual only: t00, then eight tasks in parallel, then t09; at most two active at once (<see cref="LimitsWork"/>).</summary>
public sealed class LimitsFanDag() : Dag<LimitsParams>("it_limits_fan", new DagOptions { Tags = ["test"], MaxActiveTasks = 2, MaxActiveRuns = 3 })
{
    public const int Tasks = 10;

    protected override void Define(DagBuilder dag)
    {
        var first = dag.Task("t00", LimitsWork.RunAsync, LimitsWork.Options(0));
        var last = dag.Task("t09", LimitsWork.RunAsync, LimitsWork.Options(9));
        for (var i = 1; i < Tasks - 1; i++)
        {
            dag.Task($"t{i:00}", LimitsWork.RunAsync, LimitsWork.Options(i)).After(first).Before(last);
        }
    }
}
