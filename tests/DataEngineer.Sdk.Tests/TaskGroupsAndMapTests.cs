using Xunit;

namespace DataEngineer.Sdk.Tests;

/// <summary>What <c>dag.Group</c> and <c>dag.Map</c> declare: prefixed ids, a group's edges resolved to its first and last tasks, a mapped task's definition.</summary>
public class TaskGroupsAndMapTests
{
    private sealed class InlineDag(Action<DagBuilder> define) : Dag("inline")
    {
        protected override void Define(DagBuilder dag) => define(dag);
    }

    private static Dictionary<string, IReadOnlyList<string>> Upstream(Action<DagBuilder> define) =>
        new InlineDag(define).Build().Tasks.ToDictionary(t => t.Id, t => (IReadOnlyList<string>)[.. t.Upstream.Order(StringComparer.Ordinal)]);

    [Fact]
    public void Group_PrefixesIds_AndStandsForItsFirstTasksDownstream_AndItsLastTasksUpstream()
    {
        var upstream = Upstream(dag =>
        {
            var start = dag.Task("start", _ => { });
            var extract = dag.Group("extract", g =>
            {
                var a = g.Task("a", _ => 1);
                g.Task("a_clean", a, (_, n) => { });
                g.Group("eu", eu => eu.Task("orders", _ => { }));
            });
            var end = dag.Task("end", _ => { });
            dag.Chain(start, extract, end);
        });

        Assert.Equal(["end", "extract.a", "extract.a_clean", "extract.eu.orders", "start"], upstream.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["start"], upstream["extract.a"]);
        Assert.Equal(["extract.a"], upstream["extract.a_clean"]);
        Assert.Equal(["start"], upstream["extract.eu.orders"]);
        Assert.Equal(["extract.a_clean", "extract.eu.orders"], upstream["end"]);
    }

    [Fact]
    public void Group_DefinedTwiceOrClashingWithATask_IsListedForValidation()
    {
        var definition = new InlineDag(dag =>
        {
            dag.Task("load", _ => { });
            dag.Group("load", g => g.Task("x", _ => { }));
            dag.Group("load", g => g.Task("y", _ => { }));
        }).Build();

        Assert.Equal(["load", "load"], definition.Groups);
        Assert.Equal(["load", "load.x", "load.y"], definition.Tasks.Select(t => t.Id));
    }

    [Fact]
    public async Task Map_DeclaresTheListAsItsInput_AndHowOneInstanceRuns()
    {
        var definition = new InlineDag(dag =>
        {
            var files = dag.Task<IReadOnlyList<string>>("files", _ => ["a", "bb"]);
            dag.Map("size", files, (_, file) => file.Length);
            dag.Map("constant", [1, 2, 3], (_, n) => { });
        }).Build();

        var size = definition.Tasks.Single(t => t.Id == "size");
        Assert.Equal(["files"], size.Upstream);
        Assert.Equal(typeof(IReadOnlyList<string>), size.Inputs.Single().Type);
        Assert.Equal(typeof(IReadOnlyList<int>), size.OutputType);
        Assert.Equal(new TaskMapping(typeof(string), typeof(int), size.Mapping!.InvokeItem), size.Mapping);
        Assert.Equal(2, await size.Mapping.InvokeItem(null!, "bb"));
        var constant = definition.Tasks.Single(t => t.Id == "constant");
        Assert.Empty(constant.Upstream);
        Assert.Null(constant.OutputType);
        Assert.Equal([1, 2, 3], (IReadOnlyList<int>)(await constant.Invoke(null!, []))!);
    }
}
