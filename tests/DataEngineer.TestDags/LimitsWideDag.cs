using DataEngineer.Sdk;

namespace DataEngineer.TestDags;

/// <summary>Manual only: twelve independent tasks, at most three of them active at once (<see cref="LimitsWork"/>).</summary>
public sealed class LimitsWideDag() : Dag<LimitsParams>("it_limits_wide", new DagOptions { Tags = ["test"], MaxActiveTasks = 3, MaxActiveRuns = 3 })
{
    public const int Width = 12;

    protected override void Define(DagBuilder dag)
    {
        for (var i = 0; i < Width; i++)
        {
            dag.Task($"t{i:00}", LimitsWork.RunAsync, LimitsWork.Options(i));
        }
    }
}
