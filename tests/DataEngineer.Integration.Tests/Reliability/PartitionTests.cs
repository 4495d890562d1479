using System.Diagnostics;
using System.Text.Json;
using DataEngineer.Core.Execution;
using DataEngineer.Core.Loading;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Execution.Hosting;
using DataEngineer.Postgres.Local;
using DataEngineer.Postgres.Metadata;
using DataEngineer.Testing;
using DataEngineer.TestDags;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace DataEngineer.Integration.Tests.Reliability;

/// <summary>
/// A worker cut off from PostgreSQL mid-task, with real processes: worker A runs in a network namespace of its own
/// and reaches the database over a veth pair; while both its side-effect tries wait, the pair is taken down. The tries
/// must be declared dead (heartbeats stop) and run again by worker B outside the namespace; when the pair comes back and
/// the old tries end, their late completions must be refused, so the side-effect table the bodies write holds exactly
/// one accepted completion per task instance: the one of the try the engine recorded as its final, successful try.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class PartitionTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan StepLimit = TimeSpan.FromSeconds(180);

    [NetworkNamespaceFact]
    public async Task WorkerCutOffMidTask_TryRunsElsewhere_LateCompletionRefused_OneAcceptedSideEffectPerTask()
    {
        var clock = Stopwatch.StartNew();
        await using var network = await NetworkNamespace.CreateAsync();
        await using var postgres = await DedicatedPostgresCluster.StartAsync(new RemoteClients(network.HostAddress, network.Network));
        var releases = Directory.CreateTempSubdirectory("dataengineer-partition-");
        try
        {
            var connection = await postgres.DatabaseAsync("partition");
            await using var db = NpgsqlDataSource.Create(connection);
            await SchemaMigrator.MigrateAsync(db);
            await JobStoreSchemas.InstallAsync(connection);
            await using (var create = db.CreateCommand($"""
                CREATE TABLE {PartitionDag.SideEffectTable} (
                    id bigserial PRIMARY KEY, dag_id text NOT NULL, run_id text NOT NULL, task_id text NOT NULL, try_number int NOT NULL,
                    pid int NOT NULL, written_at timestamptz NOT NULL DEFAULT clock_timestamp())
                """))
            {
                await create.ExecuteNonQueryAsync();
            }

            // Only it_partition runs: the other test DAGs are created paused.
            var store = new PostgresMetadataStore(db);
            var graph = new StaticDagRegistry(DagCatalog.FromTypes([typeof(PartitionDag)])).Find("it_partition")!;
            await store.SyncDagAsync(DagRecords.Of(graph, DateTimeOffset.UtcNow), pausedAtCreation: false);
            var outside = Environment(connection);
            var inside = Environment(new NpgsqlConnectionStringBuilder(connection) { Host = network.HostAddress.ToString() }.ConnectionString);
            var processes = new List<HostProcess>();
            try
            {
                var scheduler = Start(processes, [], outside, "scheduler");
                var cutOff = Start(processes, network.Launcher, inside, "worker", "--queues", "default", "--concurrency", "4");
                await Task.WhenAll(scheduler.WaitForOutputAsync("is running", StartLimit), cutOff.WaitForOutputAsync("is running", StartLimit));

                // Retries run straight through; the first tries wait until the test releases them.
                foreach (var taskId in PartitionDag.SideEffectTasks)
                {
                    await File.WriteAllTextAsync(Path.Combine(releases.FullName, $"{taskId}.2"), "");
                }

                var conf = JsonSerializer.Serialize(new { releaseDirectory = releases.FullName });
                var key = (await ManualRuns.TriggerAsync(store, graph, conf, null, TimeProvider.System, CancellationToken.None)).Key;

                var running = await WaitAsync(() => store.GetRunAsync(key), s => PartitionDag.SideEffectTasks.All(t => s!.Tasks[t] is { State: TaskInstanceState.Running, TryNumber: 1 }),
                    processes, "both side-effect tasks to run their first try in the namespace");
                Assert.All(PartitionDag.SideEffectTasks, t => Assert.EndsWith($":{cutOff.Id}", running!.Tasks[t].Hostname, StringComparison.Ordinal));

                await network.CutAsync();
                var cutAt = clock.Elapsed;
                var other = Start(processes, [], outside, "worker", "--queues", "default", "--concurrency", "4");
                await other.WaitForOutputAsync("is running", StartLimit);
                var done = await WaitAsync(() => store.GetRunAsync(key), s => s!.Run.State.IsFinished(), processes, "the run to finish while the namespace is cut off");
                var finishedAt = clock.Elapsed;
                Assert.Equal(DagRunState.Success, done!.Run.State);
                foreach (var taskId in PartitionDag.SideEffectTasks)
                {
                    var tries = await store.ListTriesAsync(key, taskId);
                    Assert.Equal([1, 2], tries.Select(t => t.TryNumber));
                    Assert.True(tries[0].State == TaskInstanceState.UpForRetry, $"{taskId} try 1 is {tries[0].State}: {tries[0].Error}");
                    Assert.Contains("stopped heartbeating", tries[0].Error, StringComparison.Ordinal);
                    Assert.EndsWith($":{cutOff.Id}", tries[0].Hostname, StringComparison.Ordinal);
                    Assert.Equal(TaskInstanceState.Success, tries[1].State);
                    Assert.EndsWith($":{other.Id}", tries[1].Hostname, StringComparison.Ordinal);
                }

                // The link comes back and the old tries end: their bodies write their side effect, their completions are refused.
                var triesAtEnd = await TriesAsync(store, key);
                await network.RestoreAsync();
                foreach (var taskId in PartitionDag.SideEffectTasks)
                {
                    await File.WriteAllTextAsync(Path.Combine(releases.FullName, $"{taskId}.1"), "");
                }

                await WaitAsync(() => SideEffectsAsync(db), effects => effects.Count(e => e.TryNumber == 1) == PartitionDag.SideEffectTasks.Length,
                    processes, "the first tries to write their side effect once the link is back");
                // A graceful stop waits for the worker's tries to be recorded: their late completions have been tried by then.
                Assert.Equal(0, await cutOff.StopAsync(TimeSpan.FromSeconds(90)));
                var lateAt = clock.Elapsed;

                // The late completions changed nothing: not the old tries, not the final ones, not the downstream task's.
                var after = (await store.GetRunAsync(key))!;
                Assert.Equal((DagRunState.Success, done.Run.EndedAt), (after.Run.State, after.Run.EndedAt));
                Assert.Equal(triesAtEnd, await TriesAsync(store, key));
                foreach (var taskId in PartitionDag.SideEffectTasks)
                {
                    Assert.Equal((TaskInstanceState.Success, 2), (after.Tasks[taskId].State, after.Tasks[taskId].TryNumber));
                }

                Assert.Single(triesAtEnd, t => t.TaskId == "finish");
                Assert.Empty(await store.ListTaskInstancesAsync([TaskInstanceState.Running, TaskInstanceState.Queued]));

                // Every side effect was written once per try; the accepted one is the final try's, from the worker outside.
                var effects = await SideEffectsAsync(db);
                foreach (var taskId in PartitionDag.SideEffectTasks)
                {
                    var mine = effects.Where(e => e.TaskId == taskId).ToList();
                    Assert.Equal([1, 2], mine.Select(e => e.TryNumber).Order());
                    var accepted = mine.Where(e => e.TryNumber == after.Tasks[taskId].TryNumber).ToList();
                    Assert.Single(accepted);
                    Assert.Equal(other.Id, accepted[0].Pid);
                    Assert.Equal(cutOff.Id, mine.Single(e => e.TryNumber == 1).Pid);
                }

                Report($"processes up {cutAt.TotalSeconds:0.0} s after the start; the run finished {(finishedAt - cutAt).TotalSeconds:0.0} s after the cut; "
                    + $"the old tries' late ends refused by {lateAt.TotalSeconds:0.0} s; whole test {clock.Elapsed.TotalSeconds:0.0} s");
            }
            finally
            {
                foreach (var process in processes)
                {
                    await process.DisposeAsync();
                }
            }
        }
        finally
        {
            releases.Delete(recursive: true);
        }
    }

    private static Dictionary<string, string> Environment(string connection) => new()
    {
        ["ConnectionStrings__Metadata"] = connection,
        ["ConnectionStrings__Warehouse"] = connection,
        ["DataEngineer__DagAssemblies"] = EngineCluster.TestDagsPath,
        ["DataEngineer__DagsFolder"] = "",
        ["DataEngineer__ZombieTimeoutSeconds"] = "5",
        ["DataEngineer__DagsArePausedAtCreation"] = "true",
        ["Logging__LogLevel__Default"] = "Warning",
    };

    private static HostProcess Start(List<HostProcess> processes, IReadOnlyList<string> launcher, Dictionary<string, string> environment, params string[] args)
    {
        var process = HostProcess.Start(launcher, environment, args);
        processes.Add(process);
        return process;
    }

    private static async Task<T> WaitAsync<T>(Func<Task<T>> read, Func<T, bool> done, IReadOnlyList<HostProcess> processes, string what)
    {
        var deadline = DateTime.UtcNow + StepLimit;
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {StepLimit.TotalSeconds} s waiting for {what}. Process output:{System.Environment.NewLine}"
                    + string.Join(System.Environment.NewLine + "----" + System.Environment.NewLine, processes.Select(p => $"pid {p.Id}:{System.Environment.NewLine}{p.Output}")));
            }

            await Task.Delay(200);
        }
    }

    private static async Task<IReadOnlyList<TaskTry>> TriesAsync(PostgresMetadataStore store, RunKey key) =>
        [.. (await store.ListTriesAsync(key)).OrderBy(t => t.TaskId, StringComparer.Ordinal).ThenBy(t => t.TryNumber)];

    private static async Task<IReadOnlyList<(string TaskId, int TryNumber, int Pid)>> SideEffectsAsync(NpgsqlDataSource db)
    {
        await using var command = db.CreateCommand($"SELECT task_id, try_number, pid FROM {PartitionDag.SideEffectTable} ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync();
        var effects = new List<(string, int, int)>();
        while (await reader.ReadAsync())
        {
            effects.Add((reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2)));
        }

        return effects;
    }

    private void Report(string line)
    {
        output.WriteLine(line);
        Console.WriteLine($"[partition] {line}");
    }
}
