using DataEngineer.Core.Execution;
using DataEngineer.Core.States;
using DataEngineer.Core.TriggerRules;
using DataEngineer.Core.Validation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace DataEngineer.Integration.Tests;

/// <summary>
/// Trigger rules under concurrency, on the real engine and PostgreSQL: hundreds of upstream tasks of one join end at
/// nearly the same instant on many slots, and every join (one per rule) is decided exactly once, as its rule says of
/// the upstream states the run ended with — the per-task path decides joins from their neighbourhood and the run's tail,
/// never from a whole-run lock per task. The 500 middle tasks of fanin_mixed end in waves held at a barrier: each wave's
/// completions commit at one instant, on as many slots as the worker has.
/// </summary>
[Collection(ProcessGlobalsCollection.Name)]
public sealed class FanInRuleTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private const int Slots = 32;
    private static readonly CompletionBarrier Barrier = new(500, Slots);

    private static readonly FanInRulesDag[] Dags =
    [
        new("fanin_mixed", 500, i => (i % 97) switch { 13 => TaskInstanceState.Failed, 41 or 42 => TaskInstanceState.Skipped, _ => TaskInstanceState.Success }, Barrier),
        new("fanin_success", 120, _ => TaskInstanceState.Success),
        new("fanin_skipped", 90, _ => TaskInstanceState.Skipped),
        new("fanin_failed", 70, i => i == 69 ? TaskInstanceState.Success : TaskInstanceState.Failed),
        new("fanin_narrow", 12, i => i == 3 ? TaskInstanceState.Skipped : TaskInstanceState.Success),
    ];

    private EngineCluster _cluster = null!;
    private IHost _host = null!;

    public async Task InitializeAsync()
    {
        _cluster = await EngineCluster.CreateAsync();
        var registry = new StaticDagRegistry(Dags.Select(d => DagValidator.Validate(d.Build())));
        _host = await InProcessEngine.StartAsync(_cluster, registry, new WorkerOptions { Hostname = "fan-in", Concurrency = Slots }, pausedAtCreation: false);
    }

    public async Task DisposeAsync()
    {
        await InProcessEngine.StopAsync(_host);
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task EveryJoinOfAWideFanIn_IsDecidedOnce_AsItsRuleSays()
    {
        using var stranded = new StrandedRunCount(Dags.Select(d => d.Id).ToList());
        var registry = _host.Services.GetRequiredService<IDagRegistry>();
        var runs = new List<(FanInRulesDag Dag, Core.Storage.RunKey Key)>();
        foreach (var dag in Dags)
        {
            var graph = registry.Find(dag.Id)!;
            await _cluster.Store.SyncDagAsync(DagRecords.Of(graph, DateTimeOffset.UtcNow), pausedAtCreation: false);
            var run = await ManualRuns.TriggerAsync(_cluster.Store, graph, null, new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero), TimeProvider.System, CancellationToken.None);
            runs.Add((dag, run.Key));
        }

        foreach (var (dag, key) in runs)
        {
            var done = await WaitForRunAsync(key);
            var middle = Enumerable.Range(0, dag.Width).Select(i => done.Tasks[$"m{i:0000}"]).ToList();
            Assert.Equal(Enumerable.Range(0, dag.Width).Select(dag.EndingOf), middle.Select(t => t.State));
            var upstream = UpstreamSummary.Of(middle.Select(t => t.State));
            foreach (var rule in FanInRulesDag.Rules)
            {
                var join = done.Tasks[FanInRulesDag.JoinOf(rule)];
                var expected = TriggerRuleEvaluator.Evaluate(rule, upstream) switch
                {
                    TriggerDecision.Run => TaskInstanceState.Success,
                    TriggerDecision.Skip => TaskInstanceState.Skipped,
                    TriggerDecision.UpstreamFailed => TaskInstanceState.UpstreamFailed,
                    var other => throw new InvalidOperationException($"{rule} waits on finished upstream tasks: {other}"),
                };
                Assert.True(expected == join.State, $"{dag.Id}: {FanInRulesDag.JoinOf(rule)} is {join.State}, its rule says {expected}");
                var tries = await _cluster.Store.ListTriesAsync(key, join.TaskId);
                Assert.Equal(expected == TaskInstanceState.Success ? 1 : 0, tries.Count);
            }

            var leaves = FanInRulesDag.Rules.Select(r => done.Tasks[FanInRulesDag.JoinOf(r)].State).ToList();
            var failed = leaves.Any(s => s is TaskInstanceState.Failed or TaskInstanceState.UpstreamFailed);
            Assert.Equal(failed ? DagRunState.Failed : DagRunState.Success, done.Run.State);
        }

        Assert.Equal(0, stranded.Count);

        // The completions raced: every middle task of fanin_mixed went through the barrier, most in full waves.
        var waves = Barrier.Waves;
        output.WriteLine($"fanin_mixed: {waves.Count} waves of middle tasks let go at once, sizes {string.Join(" ", waves)}");
        Assert.Equal(500, waves.Sum());
        Assert.True(waves.Max() >= Slots / 2, $"no wave of at least {Slots / 2} completions at one instant: {string.Join(" ", waves)}");
    }

    // Bounded; on time-out the message says where the run stands.
    private async Task<Core.Storage.RunSnapshot> WaitForRunAsync(Core.Storage.RunKey key)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
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
}
