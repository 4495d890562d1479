using System.Diagnostics;
using System.Globalization;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Execution.Hosting;
using DataEngineer.Postgres.Metadata;
using DataEngineer.Testing;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace DataEngineer.Integration.Tests.Reliability;

/// <summary>
/// Three schedulers and three workers (real processes) on one PostgreSQL run 6 DAGs x 17 daily intervals (510 task
/// instances) while a worker is killed with kill -9 every few seconds and replaced, PostgreSQL is restarted once and
/// a scheduler is killed. Afterwards every run must have finished once per interval with every try accounted for,
/// and the task bodies' own records must show that no task instance ever ran in two places at once.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class ReliabilityTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string[] DagIds = ["rel_chain", "rel_fan", "rel_wide", "rel_flaky", "rel_slow", "rel_diamond"];
    private const int Days = 17;
    private const int TasksPerInterval = 30;
    private const int ExpectedTaskInstances = Days * TasksPerInterval;
    private static readonly TimeSpan KillEvery = TimeSpan.FromSeconds(4);
    // Kills are also paced by work: on a loaded machine a replacement worker takes long to start, and killing on the
    // clock alone would leave no time to do any work between kills.
    private const int TasksBetweenKills = 20;
    // Generous for two busy cores: the work itself takes about a minute, and a kill can strand a task the killed worker
    // had taken from the queue but not started until the scheduler queues it again (RequeueAfter, 60 s).
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(10);

    private DedicatedPostgresCluster _postgres = null!;
    private string _dagCache = null!;

    public async Task InitializeAsync()
    {
        _postgres = await DedicatedPostgresCluster.StartAsync();
        _dagCache = Directory.CreateTempSubdirectory("dataengineer-reliability-cache-").FullName;
    }

    public async Task DisposeAsync()
    {
        await _postgres.DisposeAsync();
        Directory.Delete(_dagCache, recursive: true);
    }

    [Fact]
    public async Task ThreeSchedulersThreeWorkers_WorkerKillsDatabaseRestartSchedulerKill_EveryIntervalRunsOnceAndNoTryOverlaps()
    {
        var connection = await _postgres.DatabaseAsync("reliability");
        await using var db = NpgsqlDataSource.Create(connection);
        await SchemaMigrator.MigrateAsync(db);
        await JobStoreSchemas.InstallAsync(connection);
        await ExecuteAsync(db, """
            CREATE TABLE reliability_executions (
                id bigserial PRIMARY KEY, dag_id text NOT NULL, run_id text NOT NULL, task_id text NOT NULL, try_number int NOT NULL,
                pid int NOT NULL, started_at timestamptz NOT NULL, ended_at timestamptz, outcome text)
            """);
        var store = new PostgresMetadataStore(db);
        await using var cluster = new ChaosCluster(new Dictionary<string, string>
        {
            ["ConnectionStrings__Metadata"] = connection,
            ["ConnectionStrings__Warehouse"] = connection,
            ["DataEngineer__DagsFolder"] = Path.Combine(AppContext.BaseDirectory, "Reliability", "DagsFolder"),
            ["DataEngineer__DagCacheFolder"] = _dagCache,
            ["DataEngineer__DagAssemblies"] = "",
            ["DataEngineer__ZombieTimeoutSeconds"] = "10",
            ["DataEngineer__DagsArePausedAtCreation"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
        });

        // The first scheduler compiles the DAGs folder into the shared cache; the others load it from there.
        var clock = Stopwatch.StartNew();
        await cluster.StartSchedulerAsync();
        await Task.WhenAll(cluster.StartSchedulerAsync(), cluster.StartSchedulerAsync(), cluster.StartWorkerAsync(), cluster.StartWorkerAsync(), cluster.StartWorkerAsync());
        var started = clock.Elapsed;

        var deadline = DateTime.UtcNow + RunLimit;
        var lastKill = TimeSpan.Zero;
        var finishedAtLastKill = 0L;
        DateTimeOffset? databaseDownAt = null, databaseBackAt = null;
        while (true)
        {
            var progress = await ProgressAsync(db);
            if (progress is { RunsFinished: var finished, Runs: var runs } && runs == DagIds.Length * Days && finished == runs)
            {
                break;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not every run finished within {RunLimit.TotalMinutes} min: {progress?.TasksFinished} of {ExpectedTaskInstances} task instances "
                    + $"and {progress?.RunsFinished} of the {progress?.Runs} runs created so far finished. Kills: {string.Join(", ", cluster.Kills)}.{Environment.NewLine}{cluster.Diagnostics()}");
            }

            var tasksFinished = progress?.TasksFinished ?? 0;
            var done = tasksFinished / (double)ExpectedTaskInstances;
            cluster.ReplaceExitedWorkers();
            if (done is >= 0.05 and < 0.85 && clock.Elapsed - lastKill >= KillEvery && tasksFinished - finishedAtLastKill >= TasksBetweenKills
                && cluster.KillWorker(upFor: KillEvery))
            {
                lastKill = clock.Elapsed;
                finishedAtLastKill = tasksFinished;
            }

            if (databaseDownAt is null && done >= 0.3)
            {
                databaseDownAt = DateTimeOffset.UtcNow;
                await _postgres.RestartAsync(TimeSpan.FromSeconds(60));
                databaseBackAt = DateTimeOffset.UtcNow;
            }

            if (databaseBackAt is not null && done >= 0.5 && !cluster.Kills.Any(k => k.Role == "scheduler"))
            {
                cluster.KillScheduler();
            }

            await Task.Delay(250);
        }

        var elapsed = clock.Elapsed;
        var kills = cluster.Kills;
        Assert.NotNull(databaseBackAt);
        Assert.Contains(kills, k => k.Role == "scheduler");

        // Every interval ran once, and every run succeeded.
        var tries = new List<TaskTry>();
        foreach (var dagId in DagIds)
        {
            var dagRuns = await store.ListRunsAsync(dagId, limit: 1000);
            Assert.Equal(Days, dagRuns.Count);
            Assert.Equal(Days, dagRuns.Select(r => r.DataInterval.Start).Distinct().Count());
            Assert.All(dagRuns, r => Assert.True(r.State == DagRunState.Success, $"{dagId} {r.RunId} ended {r.State}"));
            foreach (var run in dagRuns)
            {
                var snapshot = (await store.GetRunAsync(new RunKey(dagId, run.RunId)))!;
                var runTries = await store.ListTriesAsync(new RunKey(dagId, run.RunId));
                tries.AddRange(runTries);
                foreach (var task in snapshot.Tasks.Values)
                {
                    AssertTriesAccountedFor(task, runTries.Where(t => t.TaskId == task.TaskId).OrderBy(t => t.TryNumber).ToList());
                }
            }
        }

        Assert.Equal(ExpectedTaskInstances, tries.Select(t => (t.DagId, t.RunId, t.TaskId)).Distinct().Count());
        Assert.Empty(await store.ListTaskInstancesAsync([TaskInstanceState.Running, TaskInstanceState.Queued, TaskInstanceState.Scheduled, TaskInstanceState.UpForRetry]));
        Assert.DoesNotContain(tries, t => t.State == TaskInstanceState.Running);

        // No task instance ever ran in two places at once, and no try ran twice.
        var executions = await ExecutionsAsync(db);
        var killedAt = kills.ToDictionary(k => k.Pid, k => k.At);
        var overlaps = new List<string>();
        foreach (var instance in executions.GroupBy(e => e.TaskInstance))
        {
            var repeated = instance.GroupBy(e => e.TryNumber).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            Assert.True(repeated.Count == 0, $"{instance.Key}: try {string.Join(", ", repeated)} executed more than once");
            var ordered = instance.OrderBy(e => e.StartedAt).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                var previousEnd = ordered[i - 1].EndedAt ?? (killedAt.TryGetValue(ordered[i - 1].Pid, out var at) ? at : DateTimeOffset.MaxValue);
                if (ordered[i].StartedAt < previousEnd)
                {
                    overlaps.Add($"{instance.Key}: try {ordered[i].TryNumber} (pid {ordered[i].Pid}) started at {ordered[i].StartedAt:O} while try {ordered[i - 1].TryNumber} (pid {ordered[i - 1].Pid}) ran until {previousEnd:O}");
                }
            }
        }

        Assert.True(overlaps.Count == 0, string.Join(Environment.NewLine, overlaps));
        var succeeded = tries.Where(t => t.State == TaskInstanceState.Success).ToList();
        Assert.All(succeeded, t => Assert.Contains(executions, e => e.TaskInstance == $"{t.DagId}/{t.RunId}/{t.TaskId}" && e.TryNumber == t.TryNumber && e.Outcome == "success"));

        Report(started, elapsed, tries, executions, kills, cluster.WorkerRestarts, databaseDownAt!.Value, databaseBackAt.Value);
    }

    private static void AssertTriesAccountedFor(TaskInstance task, IReadOnlyList<TaskTry> tries)
    {
        var where = $"{task.DagId}/{task.RunId}/{task.TaskId}";
        Assert.True(task.State == TaskInstanceState.Success, $"{where} ended {task.State}");
        Assert.True(tries.Select(t => t.TryNumber).SequenceEqual(Enumerable.Range(1, task.TryNumber)), $"{where}: tries {string.Join(",", tries.Select(t => t.TryNumber))}, try number {task.TryNumber}");
        Assert.True(task.TryNumber <= task.MaxTries, $"{where}: {task.TryNumber} tries, at most {task.MaxTries}");
        Assert.Equal(TaskInstanceState.Success, tries[^1].State);
        foreach (var retried in tries.Take(tries.Count - 1))
        {
            Assert.True(retried.State is TaskInstanceState.UpForRetry or TaskInstanceState.Failed, $"{where} try {retried.TryNumber} is {retried.State}");
            Assert.False(string.IsNullOrWhiteSpace(retried.Error), $"{where} try {retried.TryNumber} ended {retried.State} with no reason recorded");
            Assert.NotNull(retried.EndedAt);
        }
    }

    private void Report(TimeSpan started, TimeSpan elapsed, List<TaskTry> tries, IReadOnlyList<TaskExecution> executions, IReadOnlyList<ProcessKill> kills,
        int workerRestarts, DateTimeOffset databaseDownAt, DateTimeOffset databaseBackAt)
    {
        var retried = tries.Where(t => t.State != TaskInstanceState.Success).ToList();
        var pidOf = (TaskTry t) => int.Parse(t.Hostname![(t.Hostname!.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
        var killedAt = kills.ToDictionary(k => k.Pid, k => k.At);

        // After a kill: from the kill to the next try of each task instance the killed process was running.
        var recoveries = retried
            .Where(t => t.Hostname is not null && killedAt.ContainsKey(pidOf(t)) && t.Error!.Contains("stopped heartbeating", StringComparison.Ordinal))
            .Select(t => tries.FirstOrDefault(n => n.DagId == t.DagId && n.RunId == t.RunId && n.TaskId == t.TaskId && n.TryNumber == t.TryNumber + 1)?.StartedAt - killedAt[pidOf(t)])
            .OfType<TimeSpan>()
            .Order()
            .ToList();
        var firstEndAfterRestart = tries.Where(t => t.State == TaskInstanceState.Success && t.EndedAt > databaseBackAt).Min(t => t.EndedAt);
        var schedulerKill = kills.Single(k => k.Role == "scheduler").At;
        var lines = new List<string>
        {
            $"processes up (3 schedulers, 3 workers, DAGs compiled once): {started.TotalSeconds:0.0} s; chaos run until every run finished: {elapsed.TotalSeconds:0.0} s",
            $"runs: {DagIds.Length * Days}, task instances: {ExpectedTaskInstances}, tries: {tries.Count}, retries: {retried.Count}, task bodies executed: {executions.Count}",
            $"retries by reason: {string.Join("; ", retried.GroupBy(t => Reason(t.Error!)).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} x{g.Count()}"))}",
            $"kill -9: {kills.Count(k => k.Role == "worker")} workers (replaced: {workerRestarts} starts), 1 scheduler; tries of killed workers declared dead and retried: {recoveries.Count}, kill -> next try started p50 {Percentile(recoveries, 0.5):0.0} s, max {Percentile(recoveries, 1):0.0} s",
            $"PostgreSQL restart: down {(databaseBackAt - databaseDownAt).TotalSeconds:0.0} s; first task finished {(firstEndAfterRestart - databaseBackAt)?.TotalSeconds:0.0} s after it was back",
            $"scheduler kill: {tries.Count(t => t.State == TaskInstanceState.Success && t.EndedAt > schedulerKill && t.EndedAt <= schedulerKill.AddSeconds(10))} tasks finished in the 10 s after it",
            $"bodies that completed twice (killed between the body's end and the result being recorded): {executions.Where(e => e.Outcome == "success").GroupBy(e => e.TaskInstance).Count(g => g.Count() > 1)}",
        };
        foreach (var line in lines)
        {
            output.WriteLine(line);
            Console.WriteLine($"[reliability] {line}");
        }
    }

    private static string Reason(string error) =>
        error.Contains("stopped heartbeating", StringComparison.Ordinal) ? "worker stopped heartbeating (killed)"
        : error.Contains("deliberate failure", StringComparison.Ordinal) ? "deliberate first-try failure"
        : error.Length > 80 ? error[..80] : error;

    private static double Percentile(IReadOnlyList<TimeSpan> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)].TotalSeconds;

    private static async Task<(long TasksFinished, long Runs, long RunsFinished)?> ProgressAsync(NpgsqlDataSource db)
    {
        try
        {
            await using var command = db.CreateCommand("""
                SELECT (SELECT count(*) FROM dataengineer.task_instances WHERE state IN ('success', 'failed', 'skipped', 'upstream_failed')),
                       (SELECT count(*) FROM dataengineer.dag_runs),
                       (SELECT count(*) FROM dataengineer.dag_runs WHERE state IN ('success', 'failed'))
                """);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        }
        catch (NpgsqlException)
        {
            return null;   // the database is restarting
        }
    }

    private static async Task<IReadOnlyList<TaskExecution>> ExecutionsAsync(NpgsqlDataSource db)
    {
        await using var command = db.CreateCommand("SELECT dag_id, run_id, task_id, try_number, pid, started_at, ended_at, outcome FROM reliability_executions");
        await using var reader = await command.ExecuteReaderAsync();
        var executions = new List<TaskExecution>();
        while (await reader.ReadAsync())
        {
            executions.Add(new TaskExecution(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetInt32(4),
                reader.GetFieldValue<DateTimeOffset>(5), reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6), reader.IsDBNull(7) ? null : reader.GetString(7)));
        }

        return executions;
    }

    private static async Task ExecuteAsync(NpgsqlDataSource db, string sql)
    {
        await using var command = db.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
