using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DataEngineer.Core.Execution;
using DataEngineer.Core.Loading;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.TestDags;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace DataEngineer.Integration.Tests.Reliability;

/// <summary>
/// Property test of the limits, with real processes: a scheduler and three workers run seeded work (random durations,
/// deliberate first-try failures) of two DAGs with MaxActiveTasks 3 and 2, half their tasks in a pool of 2 slots, while
/// workers running a pool try are killed with kill -9 at seeded points and replaced. A poller samples the running tries per DAG and per pool
/// all along, and the bodies record their own executions: neither may ever exceed a DAG's MaxActiveTasks or the pool's
/// slots. Afterwards every run succeeded and every slot is free. Replay a seed with DATAENGINEER_LIMITS_SEED=n.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class LimitsPropertyTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int DefaultSeed = 20261203;
    private const int RunsPerDag = 3;
    private const int Kills = 3;
    private static readonly Type[] DagTypes = [typeof(LimitsWideDag), typeof(LimitsFanDag)];
    private static readonly string[] DagIds = ["it_limits_wide", "it_limits_fan"];
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(6);
    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(100);

    private EngineCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await EngineCluster.CreateAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task RandomWorkAndWorkerKills_RunningTriesNeverExceedMaxActiveTasksOrPoolSlots_EverySlotComesBack()
    {
        var seed = Environment.GetEnvironmentVariable("DATAENGINEER_LIMITS_SEED") is { } replay ? int.Parse(replay, CultureInfo.InvariantCulture) : DefaultSeed;
        try
        {
            await RunAsync(seed);
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"Seed {seed} failed (replay with DATAENGINEER_LIMITS_SEED={seed}). {e.Message}", e);
        }
    }

    private async Task RunAsync(int seed)
    {
        var clock = Stopwatch.StartNew();
        var random = new Random(seed);
        await using (var db = NpgsqlDataSource.Create(_cluster.ConnectionString))
        await using (var create = db.CreateCommand($"""
            CREATE TABLE {LimitsWork.Table} (
                id bigserial PRIMARY KEY, dag_id text NOT NULL, run_id text NOT NULL, task_id text NOT NULL, try_number int NOT NULL,
                pool text NOT NULL, pid int NOT NULL, started_at timestamptz NOT NULL DEFAULT clock_timestamp(), ended_at timestamptz)
            """))
        {
            await create.ExecuteNonQueryAsync();
        }

        // Only the limits DAGs run: the other test DAGs are created paused.
        var registry = new StaticDagRegistry(DagCatalog.FromTypes(DagTypes));
        var graphs = DagIds.Select(id => registry.Find(id)!).ToList();
        foreach (var graph in graphs)
        {
            await _cluster.Store.SyncDagAsync(DagRecords.Of(graph, DateTimeOffset.UtcNow), pausedAtCreation: false);
        }

        _cluster.ExtraEnvironment["DataEngineer__DagAssemblies"] = EngineCluster.TestDagsPath;
        _cluster.ExtraEnvironment["DataEngineer__DagsArePausedAtCreation"] = "true";
        _cluster.ExtraEnvironment[$"DataEngineer__Pools__{LimitsWork.Pool}"] = LimitsWork.PoolSlots.ToString(CultureInfo.InvariantCulture);
        _cluster.ExtraEnvironment["Logging__LogLevel__DataEngineer"] = "Warning";
        await using var processes = new ChaosCluster(_cluster.Environment);
        await Task.WhenAll(processes.StartSchedulerAsync(), processes.StartWorkerAsync(), processes.StartWorkerAsync(), processes.StartWorkerAsync());
        var started = clock.Elapsed;

        var limits = graphs.ToDictionary(g => g.DagId, g => g.Options.MaxActiveTasks);
        using var stopSampling = new CancellationTokenSource();
        var sampler = Task.Run(() => SampleAsync(limits, stopSampling.Token));
        var runs = new List<RunKey>();
        var conf = JsonSerializer.Serialize(new { seed });
        foreach (var graph in graphs)
        {
            for (var i = 0; i < RunsPerDag; i++)
            {
                runs.Add((await ManualRuns.TriggerAsync(_cluster.Store, graph, conf, null, TimeProvider.System, CancellationToken.None)).Key);
            }
        }

        var total = graphs.Sum(g => g.Tasks.Count) * RunsPerDag;
        var killAt = Enumerable.Range(0, Kills).Select(_ => 0.15 + (random.NextDouble() * 0.6)).Order().ToList();
        var deadline = DateTime.UtcNow + RunLimit;
        while (true)
        {
            var snapshots = await Task.WhenAll(runs.Select(async r => (await _cluster.Store.GetRunAsync(r))!));
            if (snapshots.All(s => s.Run.State.IsFinished()))
            {
                break;
            }

            var finished = snapshots.Sum(s => s.Tasks.Values.Count(t => t.State.IsFinished()));
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not every run finished within {RunLimit.TotalMinutes} min: {finished} of {total} task instances finished. "
                    + $"Kills: {string.Join(", ", processes.Kills)}.{Environment.NewLine}{processes.Diagnostics()}");
            }

            processes.ReplaceExitedWorkers();
            if (processes.Kills.Count < killAt.Count && finished >= killAt[processes.Kills.Count] * total)
            {
                // The victim runs a try that holds a pool slot: only the zombie reaper can give that slot back.
                var holders = (await _cluster.Store.ListTaskInstancesAsync([TaskInstanceState.Running])).Where(t => t.Pool == LimitsWork.Pool).ToList();
                if (holders.Count > 0)
                {
                    var hostname = holders[random.Next(holders.Count)].Hostname!;
                    processes.KillWorker(int.Parse(hostname[(hostname.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture));
                }
            }

            await Task.Delay(250);
        }

        var elapsed = clock.Elapsed;
        await stopSampling.CancelAsync();
        var sampled = await sampler;
        Assert.Equal(Kills, processes.Kills.Count);

        // Every run succeeded, every try is accounted for, and every slot is free.
        var tries = new List<TaskTry>();
        foreach (var run in runs)
        {
            var snapshot = (await _cluster.Store.GetRunAsync(run))!;
            var runTries = await _cluster.Store.ListTriesAsync(run);
            tries.AddRange(runTries);
            var unfinished = snapshot.Tasks.Values.Where(t => t.State != TaskInstanceState.Success || t.TryNumber > t.MaxTries)
                .Select(t => $"{t.TaskId} {t.State} after {t.TryNumber} of {t.MaxTries} tries: {string.Join("; ", runTries.Where(r => r.TaskId == t.TaskId).Select(r => $"#{r.TryNumber} {r.State} {r.Error}"))}");
            Assert.True(snapshot.Run.State == DagRunState.Success && !unfinished.Any(), $"{run} ended {snapshot.Run.State}: {string.Join(" | ", unfinished)}");
        }

        Assert.True(tries.Any(t => t.Error?.Contains("stopped heartbeating", StringComparison.Ordinal) == true), "no try of a killed worker was declared dead");
        Assert.Empty(await _cluster.Store.ListTaskInstancesAsync([TaskInstanceState.Running, TaskInstanceState.Queued, TaskInstanceState.Scheduled, TaskInstanceState.UpForRetry]));
        var usage = await _cluster.Store.ListPoolUsageAsync();
        Assert.All(usage, p => Assert.True(p is { Queued: 0, Running: 0 }, $"pool {p.Name} still has {p.Queued} queued and {p.Running} running tries"));
        Assert.Equal(LimitsWork.PoolSlots, usage.Single(p => p.Name == LimitsWork.Pool).Slots);

        // The limits' counters (the occupancy claims decide and are held on) came back to zero too: no kill leaked one.
        foreach (var run in runs.DistinctBy(r => r.DagId))
        {
            foreach (var pool in new[] { LimitsWork.Pool, Pool.DefaultName })
            {
                Occupancy? counted = null;
                await _cluster.Store.UpdateRunWithOccupancyAsync(run, new ClaimLimits(pool), (_, occupancy) =>
                {
                    counted = occupancy;
                    return RunChanges.None;
                });
                Assert.True(counted is { RunningRunsOfDag: 0, ActiveTasksOfDag: 0, ActiveTasksInPool: 0 }, $"{run.DagId}, pool {pool}: {counted}");
            }
        }

        // The samples and the bodies' own records never show more at once than the limits allow.
        Assert.True(sampled.Violations.Count == 0, string.Join(Environment.NewLine, sampled.Violations.Take(20)));
        var executed = await ExecutedAtOnceAsync(processes.Kills);
        foreach (var (what, most) in executed)
        {
            var limit = what == LimitsWork.Pool ? LimitsWork.PoolSlots : limits[what];
            Assert.True(most <= limit, $"{what}: {most} task bodies executed at once, the limit is {limit}");
        }

        // The limits were reached: a test whose work never fills them could not catch an excess.
        Assert.Equal(LimitsWork.PoolSlots, sampled.Most.GetValueOrDefault(LimitsWork.Pool));

        Report(seed, started, elapsed - started, sampled, executed, tries, processes);
    }

    private async Task<LimitSamples> SampleAsync(IReadOnlyDictionary<string, int> limits, CancellationToken ct)
    {
        var samples = new LimitSamples();
        while (!ct.IsCancellationRequested)
        {
            var running = await _cluster.Store.ListTaskInstancesAsync([TaskInstanceState.Running], ct: CancellationToken.None);
            var pools = await _cluster.Store.ListPoolUsageAsync(CancellationToken.None);
            samples.Count++;
            var at = DateTimeOffset.UtcNow;
            foreach (var (dagId, limit) in limits)
            {
                samples.Observe(dagId, running.Count(t => t.DagId == dagId), limit, at, "running tries of the DAG (task instances)");
            }

            samples.Observe(LimitsWork.Pool, running.Count(t => t.Pool == LimitsWork.Pool), LimitsWork.PoolSlots, at, "running tries in the pool (task instances)");
            var pool = pools.Single(p => p.Name == LimitsWork.Pool);
            samples.Observe(LimitsWork.Pool, pool.Running, pool.Slots, at, "running tries in the pool (pool usage)");
            try
            {
                await Task.Delay(SampleEvery, ct);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return samples;
    }

    // From the bodies' records: the most executions at once per DAG and in the pool; a killed worker's bodies end at the kill.
    private async Task<IReadOnlyDictionary<string, int>> ExecutedAtOnceAsync(IReadOnlyList<ProcessKill> kills)
    {
        var killedAt = kills.ToDictionary(k => k.Pid, k => k.At);
        var intervals = new List<(string Dag, string Pool, DateTimeOffset Start, DateTimeOffset End)>();
        await using var db = NpgsqlDataSource.Create(_cluster.ConnectionString);
        await using var command = db.CreateCommand($"SELECT dag_id, pool, pid, started_at, ended_at, task_id, try_number FROM {LimitsWork.Table}");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var pid = reader.GetInt32(2);
            var end = reader.IsDBNull(4) ? killedAt.TryGetValue(pid, out var at) ? at
                : throw new InvalidOperationException($"{reader.GetString(0)}/{reader.GetString(5)} try {reader.GetInt32(6)} never ended, and its process {pid} was not killed")
                : reader.GetFieldValue<DateTimeOffset>(4);
            intervals.Add((reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(3), end));
        }

        return intervals.GroupBy(i => i.Dag).Select(g => (g.Key, Most(g.Select(i => (i.Start, i.End)))))
            .Append((LimitsWork.Pool, Most(intervals.Where(i => i.Pool == LimitsWork.Pool).Select(i => (i.Start, i.End)))))
            .ToDictionary(p => p.Item1, p => p.Item2);
    }

    // Sweep over starts and ends; an end at the same instant as a start frees its place first.
    private static int Most(IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> intervals) =>
        intervals.SelectMany(i => new[] { (At: i.Start, Change: 1), (At: i.End, Change: -1) })
            .OrderBy(e => e.At).ThenBy(e => e.Change)
            .Aggregate((Now: 0, Most: 0), (s, e) => (s.Now + e.Change, Math.Max(s.Most, s.Now + e.Change))).Most;

    private void Report(int seed, TimeSpan started, TimeSpan ran, LimitSamples sampled, IReadOnlyDictionary<string, int> executed, List<TaskTry> tries, ChaosCluster processes)
    {
        var lines = new[]
        {
            $"seed {seed}: processes up in {started.TotalSeconds:0.0} s; work until every run finished {ran.TotalSeconds:0.0} s",
            $"tries: {tries.Count} ({tries.Count(t => t.State != TaskInstanceState.Success)} retried: {tries.Count(t => t.Error?.Contains("stopped heartbeating", StringComparison.Ordinal) == true)} of killed workers); "
                + $"kill -9: {string.Join(", ", processes.Kills)}; replacement workers: {processes.WorkerRestarts}",
            $"{sampled.Count} samples; most running at once: {string.Join(", ", sampled.Most.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key} {m.Value}"))}; "
                + $"bodies executing at once: {string.Join(", ", executed.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key} {m.Value}"))}",
        };
        foreach (var line in lines)
        {
            output.WriteLine(line);
            Console.WriteLine($"[limits] {line}");
        }
    }
}
