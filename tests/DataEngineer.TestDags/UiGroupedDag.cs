using DataEngineer.Sdk;

namespace DataEngineer.TestDags;

/// <summary>
/// For the graph view tests: manual only. <c>start</c> lists three files; the <c>extract</c> group (<c>orders</c> and the
/// nested <c>raw</c> group's <c>customers</c>) runs after it, <c>process</c> maps over the files, and <c>load</c> waits for both.
/// </summary>
public sealed class UiGroupedDag() : Dag("ui_grouped", new DagOptions { Description = "Task groups and a mapped task, for the graph view" })
{
    protected override void Define(DagBuilder dag)
    {
        var files = dag.Task<IReadOnlyList<string>>("start", _ => ["a.csv", "b.csv", "c.csv"]);
        var extract = dag.Group("extract", g =>
        {
            g.Task("orders", _ => { });
            g.Group("raw", raw => raw.Task("customers", _ => { }));
        });
        extract.After(files);
        var sizes = dag.Map("process", files, (_, file) => file.Length);
        dag.Task("load", sizes, (_, all) => all.Sum()).After(extract);
    }
}
