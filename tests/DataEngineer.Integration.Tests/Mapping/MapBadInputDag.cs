using DataEngineer.Sdk;

namespace DataEngineer.Integration.Tests.Mapping;

/// <summary>Mapped tasks that cannot expand: over a list that is null at run time, and over a constant list above the task's maximum.</summary>
public sealed class MapBadInputDag() : Dag("map_bad_input")
{
    protected override void Define(DagBuilder dag)
    {
        var nothing = dag.Task<IReadOnlyList<string>>("list_nothing", _ => (IReadOnlyList<string>)null!);
        dag.Map("over_null", nothing, (ctx, item) => { });
        dag.Map("over_max", ["a", "b", "c", "d", "e", "f"], (ctx, item) => { }, new TaskOptions { MaxMapLength = 5 });
    }
}
