using DataEngineer.Core.Execution;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;
using DataEngineer.Dags.RegionSales;
using DataEngineer.Sdk;
using DataEngineer.Sdk.Testing;
using Xunit;

namespace DataEngineer.Dags.Tests;

/// <summary>region_sales run end to end on the real engine with the in-memory store (as <c>dags test</c> runs it), and one instance unit-tested.</summary>
public class RegionSalesDagTests
{
    [Fact]
    public async Task Run_MapsOneInstancePerRegionThatSold_AndThePublishGroupGetsEveryTotalInOrder()
    {
        var date = new DateTimeOffset(2024, 1, 2, 0, 0, 0, TimeSpan.Zero);
        var expected = RegionSalesDag.RegionsThatSold(DateOnly.FromDateTime(date.UtcDateTime));
        var graph = DagValidator.Validate(new RegionSalesDag().Build());
        var store = new InMemoryMetadataStore();
        var (created, tasks) = DagRunFactory.Create(graph, DagRunType.Manual, graph.Timetable.ManualInterval(date), RunConf.Empty, DateTimeOffset.UtcNow);
        await store.CreateRunAsync(created, tasks);

        var run = await new LocalDagRunner(store, TimeProvider.System, new TaskRuntimeOptions()).RunAsync(graph, created.Key);

        Assert.Equal(DagRunState.Success, run.Run.State);
        Assert.InRange(expected.Count, 2, 5);
        var instances = run.Tasks.Keys.Where(k => k.StartsWith("summarise_region[", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Enumerable.Range(0, expected.Count).Select(i => $"summarise_region[{i}]"), instances);
        Assert.All(instances, id => Assert.Equal(TaskInstanceState.Success, run.Tasks[id].State));
        Assert.Equal(TaskInstanceState.Success, run.Tasks["publish.dashboard"].State);
        Assert.Equal(expected.Count, run.Tasks["publish.archive"].RowsWritten);
        var first = await store.GetXComAsync(run.Run.Key, "summarise_region[0]", XComKeys.ReturnValue);
        Assert.Contains($"\"region\":\"{expected[0]}\"", first!.Json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClearingTheMappedTask_ExpandsItAgain_AndRunsEveryInstanceAgain()
    {
        var date = new DateTimeOffset(2024, 1, 2, 0, 0, 0, TimeSpan.Zero);
        var graph = DagValidator.Validate(new RegionSalesDag().Build());
        var store = new InMemoryMetadataStore();
        var (created, tasks) = DagRunFactory.Create(graph, DagRunType.Manual, graph.Timetable.ManualInterval(date), RunConf.Empty, DateTimeOffset.UtcNow);
        await store.CreateRunAsync(created, tasks);
        var runner = new LocalDagRunner(store, TimeProvider.System, new TaskRuntimeOptions());
        var first = await runner.RunAsync(graph, created.Key);
        var count = first.Tasks.Keys.Count(k => k.StartsWith("summarise_region[", StringComparison.Ordinal));

        await store.UpdateRunAsync(created.Key, s => RunProgression.Clear(graph, s, ["summarise_region"], downstream: true, DateTimeOffset.UtcNow));
        var again = await runner.RunAsync(graph, created.Key);

        Assert.Equal(DagRunState.Success, again.Run.State);
        Assert.Equal(2, again.Tasks["summarise_region"].TryNumber);
        Assert.All(Enumerable.Range(0, count), i => Assert.Equal(2, again.Tasks[$"summarise_region[{i}]"].TryNumber));
        Assert.Equal(2, again.Tasks["publish.archive"].TryNumber);
    }

    [Fact]
    public async Task OneInstance_RunsInTheTestEnvironment_WithItsMapIndex()
    {
        var env = new TaskTestEnvironment { LogicalDate = new DateTimeOffset(2024, 1, 2, 0, 0, 0, TimeSpan.Zero) };

        var total = await env.RunInstanceAsync<RegionTotal>(new RegionSalesDag(), "summarise_region", 2, "emea");

        Assert.Equal("emea", total!.Region);
        Assert.Equal(total.Orders, env.Rows.Read);
        Assert.Contains(env.Logs, l => l.Contains("Instance 2: emea sold", StringComparison.Ordinal));
    }
}
