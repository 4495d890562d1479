using System.Diagnostics;
using DataEngineer.Core.Execution;
using DataEngineer.Core.Operations;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;
using DataEngineer.Sdk;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;
using DataEngineer.TestDags;
using Xunit.Abstractions;

namespace DataEngineer.Integration.Tests.Mapping;

/// <summary>
/// Dynamic task mapping and task groups on the real engine and PostgreSQL: instances expand when their upstream's list
/// is known, run with their own tries and XCom, and hand their results to the downstream task in index order.
/// </summary>
[Collection(ProcessGlobalsCollection.Name)]
public sealed class MappingTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly Dag[] Dags =
    [
        new FilesDag("map_three", 3),
        new FilesDag("map_empty", 0),
        new FilesDag("map_wide", 2000),
        new FilesDag("map_quarter", 500),
        new FilesDag("map_fail_one", 3, failingIndex: 1),
        new MapBadInputDag(),
        new GroupedDag(),
        new MappedFailOnceDag(),
    ];

    private EngineCluster _cluster = null!;
    private IHost _host = null!;

    public async Task InitializeAsync()
    {
        _cluster = await EngineCluster.CreateAsync();
        var registry = new StaticDagRegistry(Dags.Select(d => DagValidator.Validate(d.Build())));
        _host = await InProcessEngine.StartAsync(_cluster, registry, new WorkerOptions { Hostname = "mapping", Concurrency = 32 }, pausedAtCreation: false);
    }

    public async Task DisposeAsync()
    {
        await InProcessEngine.StopAsync(_host);
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task MapOverThreeItems_RunsOneInstanceEach_AndDownstreamGetsResultsInIndexOrder()
    {
        var done = await RunAsync("map_three");

        Assert.Equal(DagRunState.Success, done.Run.State);
        Assert.Equal(TaskInstanceState.Success, done.Tasks["process"].State);
        for (var i = 0; i < 3; i++)
        {
            var instance = done.Tasks[$"process[{i}]"];
            Assert.Equal(TaskInstanceState.Success, instance.State);
            Assert.Equal(i, instance.RowsRead);
            Assert.Single(await _cluster.Store.ListTriesAsync(done.Run.Key, instance.TaskId));
            Assert.Equal($"\"{i}:file_{i}.csv\"", (await _cluster.Store.GetXComAsync(done.Run.Key, instance.TaskId, XComKeys.ReturnValue))!.Json);
        }

        Assert.False(done.Tasks.ContainsKey("process[3]"));
        var report = await _cluster.Store.GetXComAsync(done.Run.Key, "report", XComKeys.ReturnValue);
        Assert.Equal("\"0:file_0.csv|1:file_1.csv|2:file_2.csv\"", report!.Json);
    }

    [Fact]
    public async Task MapOverAnEmptyList_SkipsTheMappedTask_AndItsDownstream()
    {
        var done = await RunAsync("map_empty");

        Assert.Equal(TaskInstanceState.Skipped, done.Tasks["process"].State);
        Assert.Contains("empty list", done.Tasks["process"].Error);
        Assert.Equal(TaskInstanceState.Skipped, done.Tasks["report"].State);
        Assert.DoesNotContain(done.Tasks.Keys, k => k.StartsWith("process[", StringComparison.Ordinal));
        Assert.Equal(DagRunState.Success, done.Run.State);
    }

    [Fact]
    public async Task MapOverTwoThousandItems_RunsEveryInstance()
    {
        // 500 first, for the per-instance cost at a quarter of the width (reported, not asserted: the machine is shared).
        var quarter = Stopwatch.StartNew();
        Assert.Equal(DagRunState.Success, (await RunAsync("map_quarter")).Run.State);
        quarter.Stop();
        var clock = Stopwatch.StartNew();
        var done = await RunAsync("map_wide");
        clock.Stop();

        Assert.Equal(DagRunState.Success, done.Run.State);
        Assert.Equal(2000, done.Tasks.Keys.Count(k => k.StartsWith("process[", StringComparison.Ordinal)));
        Assert.All(done.Tasks.Values, t => Assert.Equal(TaskInstanceState.Success, t.State));
        var report = await _cluster.Store.GetXComAsync(done.Run.Key, "report", XComKeys.ReturnValue);
        Assert.StartsWith("\"0:file_0.csv|1:file_1.csv|", report!.Json, StringComparison.Ordinal);
        Assert.EndsWith("|1999:file_1999.csv\"", report.Json, StringComparison.Ordinal);
        output.WriteLine($"500 mapped instances: {quarter.Elapsed.TotalSeconds:F1} s ({quarter.Elapsed.TotalMilliseconds / 500:F1} ms each); " +
            $"2,000: {clock.Elapsed.TotalSeconds:F1} s ({clock.Elapsed.TotalMilliseconds / 2000:F1} ms each), from trigger to the run's end; load: {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    [Fact]
    public async Task OneInstanceFails_ClearedAlone_TheRunSucceeds()
    {
        var failed = await RunAsync("map_fail_one");
        Assert.Equal(DagRunState.Failed, failed.Run.State);
        Assert.Equal(TaskInstanceState.Failed, failed.Tasks["process[1]"].State);
        Assert.Contains("cannot read file_1.csv", failed.Tasks["process[1]"].Error);
        Assert.Equal(TaskInstanceState.Success, failed.Tasks["process[0]"].State);
        Assert.Equal(TaskInstanceState.Success, failed.Tasks["process[2]"].State);
        Assert.Equal(TaskInstanceState.UpstreamFailed, failed.Tasks["report"].State);

        var operations = new RunOperations(_cluster.Store, _cluster.Store, _cluster.Store, _host.Services.GetRequiredService<IDagRegistry>(), TimeProvider.System);
        var cleared = await operations.ClearAsync(Actor.Cli(), failed.Run.Key, new ClearOptions { TaskIds = ["process[1]"], Downstream = true }, dryRun: false, CancellationToken.None);
        Assert.Equal(["process[1]", "report"], cleared.Changes.Select(c => c.TaskId).Order(StringComparer.Ordinal));

        var done = await WaitForRunAsync(failed.Run.Key);
        Assert.Equal(DagRunState.Success, done.Run.State);
        Assert.Equal(2, done.Tasks["process[1]"].TryNumber);
        Assert.Equal(1, done.Tasks["process[0]"].TryNumber);
        Assert.Equal(1, done.Tasks["process[2]"].TryNumber);
        var report = await _cluster.Store.GetXComAsync(done.Run.Key, "report", XComKeys.ReturnValue);
        Assert.Equal("\"0:file_0.csv|1:file_1.csv|2:file_2.csv\"", report!.Json);
    }

    [Fact]
    public async Task Cli_AddressesOneInstance_AsTaskIdIndex_ForStateLogsClearAndMark()
    {
        var failed = await RunAsync("it_mapped");
        var run = failed.Run.RunId;
        Assert.Equal(DagRunState.Failed, failed.Run.State);

        var state = await Cli.RunAsync(_cluster, "tasks", "state", run, "process[1]", "--dag", "it_mapped");
        var logs = await Cli.RunAsync(_cluster, "tasks", "logs", run, "process[1]", "--dag", "it_mapped");
        var unknown = await Cli.RunAsync(_cluster, "runs", "clear", "it_mapped", run, "--task", "process[7]");

        Assert.Equal((0, "failed"), (state.ExitCode, state.Out.Trim()));
        Assert.Contains("cannot read file_1.csv", logs.Out, StringComparison.Ordinal);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("process[7]", unknown.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", unknown.Error, StringComparison.Ordinal);

        var clear = await Cli.RunAsync(_cluster, "runs", "clear", "it_mapped", run, "--task", "process[1]", "--downstream");
        Assert.True(clear.ExitCode == 0, clear.Error);
        var done = await WaitForRunAsync(failed.Run.Key);
        Assert.Equal(DagRunState.Success, done.Run.State);
        Assert.Equal(2, done.Tasks["process[1]"].TryNumber);

        var mark = await Cli.RunAsync(_cluster, "runs", "mark", "it_mapped", run, "--task", "process[2]", "--state", "failed");
        Assert.True(mark.ExitCode == 0, mark.Error);
        var marked = (await _cluster.Store.GetRunAsync(failed.Run.Key))!;
        Assert.Equal(TaskInstanceState.Failed, marked.Tasks["process[2]"].State);
        Assert.Equal(TaskInstanceState.Success, marked.Tasks["process[0]"].State);
    }

    [Fact]
    public async Task MapOverNullOrAboveTheMaximum_FailsTheMappedTask_WithAClearError()
    {
        var done = await RunAsync("map_bad_input");

        Assert.Equal(DagRunState.Failed, done.Run.State);
        var overNull = done.Tasks["over_null"];
        Assert.Equal(TaskInstanceState.Failed, overNull.State);
        Assert.Equal("Task 'over_null' maps over the value of 'list_nothing', which is null, not a list. Return a list (an empty one skips 'over_null').", overNull.Error);
        var overMax = done.Tasks["over_max"];
        Assert.Equal(TaskInstanceState.Failed, overMax.State);
        Assert.Contains("would expand to 6 instances, above its maximum of 5 (TaskOptions.MaxMapLength, or DataEngineer:MaxMapLength", overMax.Error);
        Assert.Equal(1, overMax.TryNumber);
        Assert.DoesNotContain(done.Tasks.Keys, k => k.Contains('[', StringComparison.Ordinal));
    }

    [Fact]
    public async Task AGroup_IsDownstreamAndUpstreamAsAWhole()
    {
        var done = await RunAsync("grouped");

        Assert.Equal(DagRunState.Success, done.Run.State);
        Assert.Equal(["extract.customers", "extract.customers_clean", "extract.orders", "load", "start"], done.Tasks.Keys.Order(StringComparer.Ordinal));
        var load = done.Tasks["load"];
        foreach (var member in new[] { "extract.orders", "extract.customers_clean" })
        {
            Assert.True(done.Tasks[member].EndedAt <= load.StartedAt, $"load started before {member} ended");
        }

        Assert.True(done.Tasks["start"].EndedAt <= done.Tasks["extract.orders"].StartedAt);
        Assert.True(done.Tasks["start"].EndedAt <= done.Tasks["extract.customers"].StartedAt);
    }

    [Fact]
    public void AGroupIdClash_IsAnImportError_NamingTheGroup()
    {
        var errors = new List<DagValidationError>();

        Assert.Null(DagValidator.TryValidate(new GroupClashDag().Build(), errors));

        Assert.Contains(errors, e => e.ToString().Contains("the task group id 'extract' is also a task id; rename the group or the task.", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.ToString().Contains("the task group id 'load' is defined 2 times", StringComparison.Ordinal));
    }

    private async Task<RunSnapshot> RunAsync(string dagId)
    {
        var graph = _host.Services.GetRequiredService<IDagRegistry>().Find(dagId)!;
        await _cluster.Store.SyncDagAsync(DagRecords.Of(graph, DateTimeOffset.UtcNow), pausedAtCreation: false);
        var run = await ManualRuns.TriggerAsync(_cluster.Store, graph, null, new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero), TimeProvider.System, CancellationToken.None);
        return await WaitForRunAsync(run.Key);
    }

    // Bounded; on time-out the message says where the run stands.
    private async Task<RunSnapshot> WaitForRunAsync(RunKey key)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var snapshot = (await _cluster.Store.GetRunAsync(key))!;
            if (snapshot.Run.State.IsFinished())
            {
                return snapshot;
            }

            if (clock.Elapsed > TimeSpan.FromMinutes(5))
            {
                var states = string.Join(", ", snapshot.Tasks.Values.GroupBy(t => t.State).Select(g => $"{g.Key} {g.Count()}"));
                throw new TimeoutException($"Run {key} is still {snapshot.Run.State} after 5 min: {states}.");
            }

            await Task.Delay(200);
        }
    }

    // MappedFilesDag is abstract so that the DAG discovery of the TestDags assembly passes it by; these are its shapes here.
    private sealed class FilesDag(string id, int count, int failingIndex = -1) : MappedFilesDag(id, count, failingIndex);
}
