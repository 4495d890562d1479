using DataEngineer.Core.Execution;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Tests.Fixtures;
using DataEngineer.Core.Validation;
using DataEngineer.Sdk;
using Xunit;

namespace DataEngineer.Core.Tests.Execution;

/// <summary>
/// The per-task path (<see cref="NeighbourProgression"/>) against the whole-run path (<see cref="RunProgression.Complete"/>)
/// as the model: on random DAGs (narrow and wide joins) with random outcomes, a run stepped through the neighbourhood
/// path — with its fallbacks, the tail settling and slot hand-offs — ends with exactly the task and run states the
/// whole-run path gives. The rules and outcomes are those whose result does not depend on the order tasks end in
/// (no skip is ever made), so the two paths may interleave differently and must still agree.
/// </summary>
public class NeighbourProgressionTests
{
    private static readonly DateTimeOffset Day = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TriggerRule[] OrderFreeRules =
        [TriggerRule.AllSuccess, TriggerRule.AllSuccess, TriggerRule.AllDone, TriggerRule.NoneFailed, TriggerRule.OneSuccess, TriggerRule.Always, TriggerRule.NoneFailedMinOneSuccess];

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 60)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task RandomDag_EndsAsTheWholeRunPathEndsIt(int seed)
    {
        var random = new Random(seed);
        var graph = RandomGraph(random, seed);
        var failing = graph.Tasks.Keys.Where(_ => random.NextDouble() < 0.15).ToHashSet(StringComparer.Ordinal);
        TaskTryOutcome Outcome(string id) => failing.Contains(id) ? TaskTryOutcome.Failed("boom", retryable: false) : new TaskTryOutcome { State = TaskInstanceState.Success };

        var expected = await RunAsync(graph, Outcome, new Random(seed), neighbours: false);
        var actual = await RunAsync(graph, Outcome, new Random(seed + 1000), neighbours: true);

        Assert.Equal(expected.Run.State, actual.Run.State);
        Assert.Equal(expected.Tasks.ToDictionary(t => t.Key, t => t.Value.State), actual.Tasks.ToDictionary(t => t.Key, t => t.Value.State));
        Assert.All(actual.Tasks.Values, t => Assert.True(t.TryNumber <= 1, $"{t.TaskId} ran {t.TryNumber} times"));
    }

    [Fact]
    public void Scope_OfAWideJoin_LocksItOnlyWhenTheOutcomeSettlesItAtOnce()
    {
        var graph = DagValidator.Validate(new TestDag("wide", d =>
        {
            var middle = Enumerable.Range(0, NeighbourProgression.WideFanIn + 1).Select(i => d.Task($"m{i}", _ => { })).ToArray();
            d.Task("join", _ => { }).After(middle);
            d.Task("narrow", _ => { }).After(middle[0], middle[1]);
        }).Build());
        var task = new TaskInstance { DagId = "wide", RunId = "r", TaskId = "m0", State = TaskInstanceState.Running, TryNumber = 1, MaxTries = 1, Queue = "default", Pool = "default_pool" };

        var succeeded = NeighbourProgression.ScopeOf(graph, task, new TaskTryOutcome { State = TaskInstanceState.Success }, null, Day);
        var failed = NeighbourProgression.ScopeOf(graph, task, TaskTryOutcome.Failed("x", retryable: false), null, Day);
        var retrying = NeighbourProgression.ScopeOf(graph, task with { MaxTries = 2 }, TaskTryOutcome.Failed("x"), null, Day);

        Assert.Equal(["m0", "narrow"], succeeded.Locked.Order());
        Assert.Equal(["m1"], succeeded.Read);
        Assert.Equal(["join", "m0", "narrow"], failed.Locked.Order());
        Assert.Equal(["m0"], retrying.Locked);
        Assert.Empty(retrying.Read);
    }

    private static DagGraph RandomGraph(Random random, int seed)
    {
        var count = random.Next(2, 24);
        var wide = seed % 4 == 0;
        return DagValidator.Validate(new TestDag($"random_{seed}", d =>
        {
            var refs = new List<TaskRef>();
            for (var i = 0; i < count; i++)
            {
                var options = new TaskOptions { TriggerRule = OrderFreeRules[random.Next(OrderFreeRules.Length)] };
                var task = d.Task($"t{i:00}", _ => { }, options);
                var upstream = refs.Where(_ => random.NextDouble() < 0.25).ToArray();
                if (upstream.Length > 0)
                {
                    task.After(upstream);
                }

                refs.Add(task);
            }

            if (wide)
            {
                // A fan-out wider than the per-task path decides on every upstream's end, and a join over it.
                var fan = Enumerable.Range(0, NeighbourProgression.WideFanIn + 6).Select(i => d.Task($"w{i:00}", _ => { }).After(refs[0])).ToArray();
                d.Task("wide_join", _ => { }, new TaskOptions { TriggerRule = OrderFreeRules[random.Next(OrderFreeRules.Length)] }).After(fan);
            }
        }, new DagOptions { DefaultTaskOptions = new TaskOptions { Retries = 0 } }).Build());
    }

    // Steps a run to its end on one store, always ending one of the running or ready tasks chosen by random.
    private static async Task<RunSnapshot> RunAsync(DagGraph graph, Func<string, TaskTryOutcome> outcome, Random random, bool neighbours)
    {
        var store = new InMemoryMetadataStore();
        var (run, tasks) = DagRunFactory.Create(graph, DagRunType.Manual, new DataInterval(Day, Day), RunConf.Empty, Day);
        await store.CreateRunAsync(run, tasks);
        await store.UpdateRunAsync(run.Key, s => RunProgression.Start(s, Day));
        var snapshot = await store.UpdateRunAsync(run.Key, s => RunProgression.Advance(graph, s, Day));
        for (var step = 0; step < 10_000 && snapshot.Run.State == DagRunState.Running; step++)
        {
            var candidates = snapshot.Tasks.Values.Where(t => t.State is TaskInstanceState.Scheduled or TaskInstanceState.Running).OrderBy(t => t.TaskId, StringComparer.Ordinal).ToList();
            Assert.NotEmpty(candidates);
            var task = candidates[random.Next(candidates.Count)];
            if (task.State == TaskInstanceState.Scheduled)
            {
                task = (await store.UpdateRunAsync(run.Key, s => RunProgression.Claim(s, task.TaskId, "w", Day))).Tasks[task.TaskId];
            }

            var ended = outcome(task.TaskId);
            if (!neighbours)
            {
                await store.UpdateRunAsync(run.Key, s => RunProgression.Complete(graph, s, task.TaskId, task.TryNumber, ended, Day));
            }
            else
            {
                var spare = random.Next(2) == 0 ? new SpareRequest(task.Pool, [task.Queue]) : null;
                var scope = NeighbourProgression.ScopeOf(graph, task, ended, spare, Day);
                RunChanges? decided = null;
                var after = await store.UpdateScopeAsync(run.Key, scope, s => decided = NeighbourProgression.CompleteInScope(graph, scope, s, task.TaskId, task.TryNumber, ended, spare is null ? null : "w", Day));
                if (after is null)
                {
                    await store.UpdateRunAsync(run.Key, s => RunProgression.Complete(graph, s, task.TaskId, task.TryNumber, ended, Day));
                }
                else if (NeighbourProgression.NeedsSettling(after, decided!))
                {
                    await store.UpdateRunAsync(run.Key, s => RunProgression.Advance(graph, s, Day));
                }
            }

            snapshot = (await store.GetRunAsync(run.Key))!;
        }

        return snapshot;
    }
}
