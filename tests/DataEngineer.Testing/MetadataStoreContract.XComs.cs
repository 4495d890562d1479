using DataEngineer.Core.Mapping;
using DataEngineer.Core.Storage;
using DataEngineer.Sdk;
using Xunit;

namespace DataEngineer.Testing;

/// <summary>Reading many tasks' values at once: what a mapped task's downstream task reads its instances' results with.</summary>
public abstract partial class MetadataStoreContract
{
    [Fact]
    public async Task GetXComs_ReadsTheGivenTasksValuesUnderOneKey_LeavingOutTasksWithout()
    {
        var store = await CreateStoreAsync();
        var (run, tasks) = NewRun("dag_a", Day, "a", "b", "c");
        await store.CreateRunAsync(run, tasks);
        await store.SetXComAsync(new XComEntry("dag_a", run.RunId, "a", XComKeys.ReturnValue, "1"));
        await store.SetXComAsync(new XComEntry("dag_a", run.RunId, "b", XComKeys.ReturnValue, "2"));
        await store.SetXComAsync(new XComEntry("dag_a", run.RunId, "c", "other", "3"));

        var values = await store.GetXComsAsync(run.Key, ["a", "b", "c", "missing"], XComKeys.ReturnValue);

        Assert.Equal(["a=1", "b=2"], values.Select(v => $"{v.TaskId}={v.Json}").Order(StringComparer.Ordinal));
        Assert.Empty(await store.GetXComsAsync(run.Key, [], XComKeys.ReturnValue));
        Assert.Empty(await store.GetXComsAsync(new RunKey("dag_a", "other_run"), ["a"], XComKeys.ReturnValue));
    }

    [Fact]
    public async Task CollectedMapResults_TwoThousandInstances_InIndexOrder_WithOneBatchedRead()
    {
        const int width = 2000;
        var store = await CreateStoreAsync();
        var (run, tasks) = NewRun("dag_a", Day, "process");
        await store.CreateRunAsync(run, tasks);
        await store.SetXComAsync(new XComEntry("dag_a", run.RunId, "process", MapExpansion.LengthKey, $"{width}"));
        // Stored last index first, and "process[10]" sorts before "process[2]" as text: the order must come from the index.
        foreach (var index in Enumerable.Range(0, width).Reverse())
        {
            await store.SetXComAsync(new XComEntry("dag_a", run.RunId, MappedTaskId.Of("process", index), XComKeys.ReturnValue, $"{index}"));
        }

        var counting = new CountingXComStore(store);

        var json = await MapItems.CollectedJsonAsync(counting, run.Key, "process", CancellationToken.None);

        Assert.Equal(Enumerable.Range(0, width), System.Text.Json.JsonSerializer.Deserialize<int[]>(json!)!);
        // One read of the expansion's length, one of all 2,000 results: not one per instance.
        Assert.Equal((1, 1), (counting.SingleReads, counting.BatchedReads));
    }
}
