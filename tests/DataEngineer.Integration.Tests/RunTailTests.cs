using DataEngineer.Core.Execution;
using DataEngineer.Core.States;
using DataEngineer.Core.Validation;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace DataEngineer.Integration.Tests;

/// <summary>
/// The steps of many runs at once decide each run's end themselves: several binary trees, whose tasks become ready
/// while others of the run run and end on other slots, all end without the scheduler's stranded-run sweep.
/// </summary>
[Collection(ProcessGlobalsCollection.Name)]
public sealed class RunTailTests : IAsyncLifetime
{
    private static readonly BinaryTreeDag[] Trees = Enumerable.Range(0, 8).Select(i => new BinaryTreeDag($"tree_{i}", 127)).ToArray();

    private EngineCluster _cluster = null!;
    private IHost _host = null!;

    public async Task InitializeAsync()
    {
        _cluster = await EngineCluster.CreateAsync();
        var registry = new StaticDagRegistry(Trees.Select(d => DagValidator.Validate(d.Build())));
        _host = await InProcessEngine.StartAsync(_cluster, registry, new WorkerOptions { Hostname = "trees", Concurrency = 16 }, pausedAtCreation: false);
    }

    public async Task DisposeAsync()
    {
        await InProcessEngine.StopAsync(_host);
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task TreesRunTogether_EveryRunIsEndedByItsOwnSteps()
    {
        using var stranded = new StrandedRunCount(Trees.Select(t => t.Id).ToList());
        var graphs = Trees.Select(t => DagValidator.Validate(t.Build())).ToList();
        var keys = new List<Core.Storage.RunKey>();
        foreach (var graph in graphs)
        {
            await _cluster.Store.SyncDagAsync(DagRecords.Of(graph, DateTimeOffset.UtcNow), pausedAtCreation: false);
            keys.Add((await ManualRuns.TriggerAsync(_cluster.Store, graph, null, new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero), TimeProvider.System, CancellationToken.None)).Key);
        }

        foreach (var key in keys)
        {
            var done = await _cluster.WaitForRunAsync(key, TimeSpan.FromMinutes(5));
            Assert.Equal(DagRunState.Success, done.Run.State);
            Assert.All(done.Tasks.Values, t => Assert.Equal(TaskInstanceState.Success, t.State));
        }

        Assert.Equal(0, stranded.Count);
    }
}
