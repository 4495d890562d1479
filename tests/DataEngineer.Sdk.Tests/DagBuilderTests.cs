using Xunit;

namespace DataEngineer.Sdk.Tests;

public class DagBuilderTests
{
    private sealed class InlineDag(Action<DagBuilder> define) : Dag("inline")
    {
        protected override void Define(DagBuilder dag) => define(dag);
    }

    private static DagDefinition Build(Action<DagBuilder> define) => new InlineDag(define).Build();

    private static Task<int> CountAsync(TaskContext context) => Task.FromResult(context.TryNumber);

    private static string Describe(TaskContext context, int count) => $"{context.TaskId}:{count}";

    [Fact]
    public void Task_AsyncAndSyncLambdas_GetTheirValueTypes()
    {
        TaskRef<int>? asyncRef = null;
        TaskRef<string>? syncRef = null;
        TaskRef? noValue = null;
        TaskRef? asyncNoValue = null;
        var definition = Build(d =>
        {
            asyncRef = d.Task("async_value", async _ => { await Task.Yield(); return 1; });
            syncRef = d.Task("sync_value", _ => "x");
            noValue = d.Task("no_value", _ => { });
            asyncNoValue = d.Task("async_no_value", async _ => await Task.Yield());
        });

        Assert.Equal(typeof(int), definition.Tasks[0].OutputType);
        Assert.Equal(typeof(string), definition.Tasks[1].OutputType);
        Assert.Null(definition.Tasks[2].OutputType);
        Assert.Null(definition.Tasks[3].OutputType);
        Assert.IsNotType<TaskRef<Task>>(asyncNoValue);
    }

    [Fact]
    public void Task_MethodGroups_AndInputs_CreateEdgesAndInputs()
    {
        var definition = Build(d =>
        {
            var count = d.Task("count", CountAsync);
            d.Task("describe", count, Describe);
        });

        var describe = definition.Tasks[1];
        Assert.Equal(["count"], describe.Upstream);
        Assert.Equal([new TaskInput("count", typeof(int))], describe.Inputs);
        Assert.Equal(typeof(string), describe.OutputType);
    }

    [Fact]
    public void AfterBeforeAndChain_AddEdgesOnce()
    {
        var definition = Build(d =>
        {
            var a = d.Task("a", _ => { });
            var b = d.Task("b", _ => { });
            var c = d.Task("c", _ => { });
            var e = d.Task("e", _ => { });
            d.Chain(a, b, c);
            c.After(b);
            a.Before(e);
            e.After("b");
        });

        var upstream = definition.Tasks.ToDictionary(t => t.Id, t => t.Upstream);
        Assert.Empty(upstream["a"]);
        Assert.Equal(["a"], upstream["b"]);
        Assert.Equal(["b"], upstream["c"]);
        Assert.Equal(["a", "b"], upstream["e"]);
    }

    [Fact]
    public void Branch_IsMarkedAndReturnsIds()
    {
        var definition = Build(d => d.Branch("pick", _ => ["a"]));
        Assert.Equal(TaskKind.Branch, definition.Tasks[0].Kind);
        Assert.Equal(typeof(string[]), definition.Tasks[0].OutputType);
    }

    [Fact]
    public void Over_TaskOptionsWinOverDefaults()
    {
        var merged = new TaskOptions { Retries = 1 }.Over(new TaskOptions { Retries = 3, Queue = "heavy" });
        Assert.Equal(1, merged.Retries);
        Assert.Equal("heavy", merged.Queue);
        Assert.Null(merged.Pool);
    }
}
