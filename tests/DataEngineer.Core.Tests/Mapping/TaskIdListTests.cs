using DataEngineer.Core.Execution;
using DataEngineer.Core.Mapping;
using DataEngineer.Core.Operations;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Sdk;
using Xunit;

namespace DataEngineer.Core.Tests.Mapping;

/// <summary>"Its tasks: ..." in the errors for an unknown task id: a mapped task's instances are one entry, however wide the map.</summary>
public sealed class TaskIdListTests
{
    [Fact]
    public void Of_InstancesWithoutAGap_AreOneRange_WhereTheFirstOfThemWas()
    {
        Assert.Equal("list, process, process[0..2], report", TaskIdList.Of(["list", "process", "process[0]", "process[1]", "process[2]", "report"]));
    }

    [Fact]
    public void Of_InstancesWithAGap_AreCounted_AndOneInstanceIsItself()
    {
        Assert.Equal("process[] (3 instances), other[4]", TaskIdList.Of(["process[0]", "process[2]", "other[4]", "process[5]"]));
        Assert.Equal("a, b", TaskIdList.Of(["a", "b"]));
        Assert.Equal("", TaskIdList.Of([]));
    }

    [Fact]
    public async Task MarkOrDecide_UnknownTaskInARunOfAWideMap_ListsTheInstancesAsOneRange()
    {
        var store = new InMemoryMetadataStore();
        var day = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var run = new DagRun
        {
            DagId = "wide", RunId = "manual__wide", Type = DagRunType.Manual, DataInterval = new DataInterval(day, day), State = DagRunState.Running,
            DagVersion = "v1", CreatedAt = day,
        };
        string[] ids = ["list_files", "process_file", .. Enumerable.Range(0, 2000).Select(i => MappedTaskId.Of("process_file", i)), "report"];
        await store.CreateRunAsync(run, [.. ids.Select(id => new TaskInstance
        {
            DagId = run.DagId, RunId = run.RunId, TaskId = id, State = TaskInstanceState.Success, TryNumber = 1, MaxTries = 1, Queue = "default", Pool = "default_pool",
        })]);
        var operations = new RunOperations(store, store, store, new StaticDagRegistry(Array.Empty<Core.Validation.DagGraph>()), TimeProvider.System);
        var olga = new Actor("olga", Role.Operator);

        var mark = await Assert.ThrowsAsync<OperationException>(() => operations.MarkTaskAsync(olga, run.Key, "process", TaskInstanceState.Failed, dryRun: false, CancellationToken.None));
        var decide = await Assert.ThrowsAsync<OperationException>(() => operations.DecideApprovalAsync(olga, run.Key, "approve", approve: true, null, null, CancellationToken.None));

        Assert.Equal("Run 'manual__wide' has no task 'process'. Its tasks: list_files, process_file, process_file[0..1999], report.", mark.Message);
        Assert.EndsWith("Its tasks: list_files, process_file, process_file[0..1999], report.", decide.Message, StringComparison.Ordinal);
        Assert.Equal(404, mark.StatusCode);
    }
}
