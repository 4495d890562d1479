using System.Collections.Concurrent;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Tests.Fixtures;
using DataEngineer.Sdk;
using Xunit;

namespace DataEngineer.Core.Tests.Execution;

/// <summary>
/// A property of the limits under the per-task path's slot hand-offs: on random DAGs (fan-outs and chains over two
/// pools) with random MaxActiveTasks and pool sizes, several runs at once on three workers (the scheduler's queueing,
/// free-slot claims and hand-offs all racing), no DAG ever has more tries running than MaxActiveTasks, no pool more
/// than its slots, every run ends, and every slot comes back (nothing is left queued or running).
/// </summary>
public class LimitsPropertyTests
{
    private static readonly DateTimeOffset Day = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 8)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task RandomRuns_NeverExceedTheirLimits_AndGiveEverySlotBack(int seed)
    {
        var random = new Random(seed);
        var maxActive = random.Next(1, 6);
        var slots = new Dictionary<string, int> { ["narrow"] = random.Next(1, 4), ["wide"] = random.Next(2, 7) };
        var running = new ConcurrentDictionary<string, int>();
        var peaks = new ConcurrentDictionary<string, int>();

        async Task Work(string pool)
        {
            foreach (var counter in new[] { "dag", pool })
            {
                var now = running.AddOrUpdate(counter, 1, (_, n) => n + 1);
                peaks.AddOrUpdate(counter, now, (_, peak) => Math.Max(peak, now));
            }

            await Task.Delay(Random.Shared.Next(1, 5)); // Random itself is not thread-safe: the tasks run at once.
            foreach (var counter in new[] { "dag", pool })
            {
                running.AddOrUpdate(counter, 0, (_, n) => n - 1);
            }
        }

        var width = random.Next(5, 30);
        var chain = random.Next(2, 8);
        await using var harness = new EngineHarness(TimeProvider.System, new TestDag("limits", d =>
        {
            var start = d.Task("start", _ => Work("narrow"), new TaskOptions { Pool = "narrow" });
            var fan = Enumerable.Range(0, width).Select(i => d.Task($"fan{i:00}", _ => Work(i % 3 == 0 ? "narrow" : "wide"),
                new TaskOptions { Pool = i % 3 == 0 ? "narrow" : "wide", PriorityWeight = i % 4 }).After(start)).ToArray();
            var previous = d.Task("join", _ => Work("wide"), new TaskOptions { Pool = "wide", TriggerRule = TriggerRule.AllDone }).After(fan);
            for (var i = 0; i < chain; i++)
            {
                previous = d.Task($"chain{i}", _ => Work("narrow"), new TaskOptions { Pool = "narrow" }).After(previous);
            }
        }, new DagOptions { MaxActiveTasks = maxActive, MaxActiveRuns = 3 }));
        foreach (var (pool, size) in slots)
        {
            await harness.Store.SetPoolAsync(new Pool(pool, size));
        }

        harness.AddWorker("w1", concurrency: 3);
        harness.AddWorker("w2", concurrency: 4);
        harness.AddWorker("w3", concurrency: 2);
        var keys = new List<RunKey>();
        for (var day = 0; day < 3; day++)
        {
            keys.Add(await harness.TriggerAsync("limits", Day.AddDays(day)));
        }

        foreach (var key in keys)
        {
            Assert.Equal(DagRunState.Success, (await harness.RunToEndAsync(key)).Run.State);
        }

        var context = $"seed {seed}: MaxActiveTasks {maxActive}, pools {string.Join(", ", slots.Select(s => $"{s.Key} {s.Value}"))}";
        Assert.True(peaks["dag"] <= maxActive, $"{context}: {peaks["dag"]} tries of the DAG ran at once");
        foreach (var (pool, size) in slots)
        {
            Assert.True(peaks.GetValueOrDefault(pool) <= size, $"{context}: {peaks[pool]} tries ran at once in pool {pool}");
        }

        Assert.Empty(await harness.Store.ListTaskInstancesAsync([TaskInstanceState.Queued, TaskInstanceState.Running, TaskInstanceState.Scheduled]));
    }
}
