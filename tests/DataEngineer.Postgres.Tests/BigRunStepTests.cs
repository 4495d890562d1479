using System.Text.Json;
using System.Text.RegularExpressions;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Postgres.Metadata;
using DataEngineer.Sdk;
using DataEngineer.Testing;
using Npgsql;

namespace DataEngineer.Postgres.Tests;

/// <summary>
/// A step of one task reads a handful of its run's rows however big the run is, also when the planner knows nothing of
/// the run (it is newer than the table's last ANALYZE, as every run starting is). The statements run with auto_explain
/// on their session, and the plans it writes to the server's log say how many rows each scan of task_instances or
/// xcom read, filtered rows included. And a step does not plan its statements again each time: they are prepared, and
/// their cached generic plans are used from the first execution on.
/// </summary>
public sealed partial class BigRunStepTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private const int RunSize = 5_000;

    // A scan may read the rows it returns and a few it passes by (the task the step locked, when it looks for others).
    private const int RowsPerScan = 4;

    private static readonly DateTimeOffset Day = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly string _schema = "b_" + Guid.NewGuid().ToString("N")[..12];
    private NpgsqlDataSource _plain = null!;
    private NpgsqlDataSource _explained = null!;
    private PostgresMetadataStore _store = null!;

    public async Task InitializeAsync()
    {
        _plain = NpgsqlDataSource.Create(database.ConnectionString);
        await SchemaMigrator.MigrateAsync(_plain, _schema);

        // The engine's pool (statements prepared), every statement of its sessions explained, with the rows each plan node read, into the log.
        // One session, so the plans the steps cached are all in the session the test reads them from.
        var explained = new NpgsqlConnectionStringBuilder(database.ConnectionString)
        {
            MaxPoolSize = 1,
            Options = "-c session_preload_libraries=auto_explain -c auto_explain.log_min_duration=0 -c auto_explain.log_analyze=on "
                + "-c auto_explain.log_timing=off -c auto_explain.log_format=json -c auto_explain.log_nested_statements=on",
        };
        _explained = MetadataDataSource.Create(explained.ConnectionString);
        _store = new PostgresMetadataStore(_explained, new PostgresMetadataStoreOptions { Schema = _schema });
    }

    public async Task DisposeAsync()
    {
        await _plain.DisposeAsync();
        await _explained.DisposeAsync();
    }

    [Fact]
    public async Task TryEndHandingItsSlotToTheNextReadyTask_ReadsAHandfulOfTheRunsRows()
    {
        // Steps while the table is small: prepared statements keep the plans made then (PostgreSQL's generic plan after five runs).
        var (small, smallTasks) = NewRun("dag_small", Day, 10);
        await CreateRunAsync(small, smallTasks);
        await AnalyzeAsync();
        for (var step = 0; step < 8; step++)
        {
            await StepAsync(small.Key, $"t{step:D5}", [$"t{step + 1:D5}"]);
        }

        // Other runs waiting to run, created before it: a search for the run's own waiting tasks must not pass theirs.
        foreach (var other in new[] { "dag_other_a", "dag_other_b" })
        {
            var (run, tasks) = NewRun(other, Day, RunSize);
            await CreateRunAsync(run, tasks);
        }

        var (big, bigTasks) = NewRun("dag_big", Day, RunSize);
        await CreateRunAsync(big, bigTasks);
        var log = await ServerLogAsync();
        var from = new FileInfo(log).Length;

        // A fan-out's middle task ends: it locks itself, reads two others, and takes the next ready task for its slot.
        var after = await StepAsync(big.Key, "t00000", ["t00001", "t00002"]);
        var xcoms = await _store.GetXComsAsync(big.Key, ["t00001", "t00002"], XComKeys.ReturnValue);

        Assert.Equal(TaskInstanceState.Success, after.Tasks["t00000"].State);
        Assert.Equal(TaskInstanceState.Running, after.Spare!.State);
        Assert.Equal(["t00001", "t00002"], xcoms.Select(x => x.TaskId).Order());
        var scans = await ScansAsync(log, from);
        Assert.Contains(scans, s => s.Statement.Contains("FOR NO KEY UPDATE", StringComparison.Ordinal) && s.Relation == "task_instances");
        Assert.Contains(scans, s => s.Statement.StartsWith("UPDATE", StringComparison.Ordinal) && s.Relation == "task_instances");
        Assert.Contains(scans, s => s.Relation == "xcom");
        Assert.All(scans, s => Assert.True(s.Rows <= RowsPerScan, $"{s.Rows} rows of {s.Relation} read ({s.Scan}) by: {s.Statement}"));
    }

    [Fact]
    public async Task StepsOfOneShape_UseTheirCachedPlans_InsteadOfPlanningEachStep()
    {
        // PostgreSQL plans a prepared statement afresh for its parameters ("custom" plans) on its first five executions,
        // and for good when the generic plan looks dearer; a step's planning then costs more CPU than its execution.
        var (run, tasks) = NewRun("dag_plans", Day, 20);
        await CreateRunAsync(run, tasks);
        for (var step = 0; step < 10; step++)
        {
            await StepAsync(run.Key, $"t{step:D5}", [$"t{step + 1:D5}"]);
        }

        await using var connection = await _explained.OpenConnectionAsync();
        await using var plans = new NpgsqlCommand(
            "SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE '%task_instances%'", connection);
        var prepared = new List<(string Statement, long Generic, long Custom)>();
        await using (var reader = await plans.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                prepared.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
            }
        }

        Assert.All(prepared, p => Assert.True(p.Custom == 0, $"planned afresh {p.Custom} times: {p.Statement}"));
        Assert.Contains(prepared, p => p.Statement.Contains("FOR NO KEY UPDATE", StringComparison.Ordinal) && p.Generic >= 5);
        Assert.Contains(prepared, p => p.Statement.TrimStart().StartsWith("UPDATE", StringComparison.Ordinal) && p.Generic >= 5);
    }

    // The task ends and its slot goes to the run's next ready task.
    private async Task<ScopedSnapshot> StepAsync(RunKey key, string taskId, IReadOnlyCollection<string> read)
    {
        var now = Day.AddDays(2);
        var scope = new TaskScope([taskId], read) { Spare = new SpareRequest(Pool.DefaultName, ["default"]) };
        return (await _store.UpdateScopeAsync(key, scope, scoped => new RunChanges(
        [
            scoped.Tasks[taskId] with { State = TaskInstanceState.Success, EndedAt = now },
            scoped.Spare! with { State = TaskInstanceState.Running, TryNumber = 1, StartedAt = now, Hostname = "worker-1" },
        ])))!;
    }

    // A running first task and ready others, each with a value.
    private async Task CreateRunAsync(DagRun run, IReadOnlyList<TaskInstance> tasks)
    {
        await _store.CreateRunAsync(run, tasks.Select((t, i) => i == 0
            ? t with { State = TaskInstanceState.Running, TryNumber = 1, StartedAt = Day.AddDays(1), Hostname = "worker-1" }
            : t with { State = TaskInstanceState.Scheduled }).ToList());
        await _store.UpdateRunAsync(run.Key, s => new RunChanges([], s.Run with { State = DagRunState.Running }));
        await using var values = _plain.CreateCommand($"""
            INSERT INTO {_schema}.xcom (dag_id, run_id, task_id, key, value)
            SELECT dag_id, run_id, task_id, '{XComKeys.ReturnValue}', '1'::jsonb FROM {_schema}.task_instances WHERE dag_id = '{run.DagId}'
            """);
        await values.ExecuteNonQueryAsync();
    }

    private async Task AnalyzeAsync()
    {
        await using var analyze = _plain.CreateCommand($"ANALYZE {_schema}.task_instances; ANALYZE {_schema}.xcom");
        await analyze.ExecuteNonQueryAsync();
    }

    private async Task<string> ServerLogAsync() => Path.Combine((await PostgresTestCluster.SharedAsync()).DataDirectory, "server.log");

    /// <summary>Each scan of a table in the plans auto_explain logged after <paramref name="from"/> for this test's schema.</summary>
    private async Task<List<(string Statement, string Relation, string Scan, long Rows)>> ScansAsync(string log, long from)
    {
        string text;
        await using (var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            stream.Seek(from, SeekOrigin.Begin);
            text = await new StreamReader(stream).ReadToEndAsync();
        }

        var scans = new List<(string, string, string, long)>();
        foreach (var entry in LogEntry().Split(text).Where(e => e.Contains("plan:", StringComparison.Ordinal) && e.Contains(_schema, StringComparison.Ordinal)))
        {
            using var plan = JsonDocument.Parse(entry[entry.IndexOf('{', StringComparison.Ordinal)..]);
            var statement = plan.RootElement.GetProperty("Query Text").GetString()!.Trim();
            AddScans(plan.RootElement.GetProperty("Plan"), statement, scans);
        }

        return scans;
    }

    private static void AddScans(JsonElement node, string statement, List<(string, string, string, long)> scans)
    {
        if (node.TryGetProperty("Relation Name", out var relation) && node.GetProperty("Node Type").GetString()!.Contains("Scan", StringComparison.Ordinal))
        {
            var rows = node.GetProperty("Actual Rows").GetInt64() + Removed(node, "Rows Removed by Filter") + Removed(node, "Rows Removed by Index Recheck");
            var scan = node.GetProperty("Node Type").GetString() + (node.TryGetProperty("Index Name", out var index) ? $" using {index.GetString()}" : "");
            scans.Add((statement, relation.GetString()!, scan, rows * node.GetProperty("Actual Loops").GetInt64()));
        }

        if (node.TryGetProperty("Plans", out var children))
        {
            foreach (var child in children.EnumerateArray())
            {
                AddScans(child, statement, scans);
            }
        }
    }

    private static long Removed(JsonElement node, string name) => node.TryGetProperty(name, out var removed) ? removed.GetInt64() : 0;

    private static (DagRun Run, IReadOnlyList<TaskInstance> Tasks) NewRun(string dagId, DateTimeOffset logicalDate, int size)
    {
        var run = new DagRun
        {
            DagId = dagId,
            RunId = $"manual__{logicalDate:yyyy-MM-ddTHH:mm:ssZ}",
            Type = DagRunType.Manual,
            DataInterval = new DataInterval(logicalDate, logicalDate.AddDays(1)),
            DagVersion = "v1",
            CreatedAt = logicalDate.AddDays(1),
        };
        var tasks = Enumerable.Range(0, size)
            .Select(i => new TaskInstance { DagId = dagId, RunId = run.RunId, TaskId = $"t{i:D5}", MaxTries = 1, Queue = "default", Pool = Pool.DefaultName })
            .ToList();
        return (run, tasks);
    }

    // Where a line of the server's log starts (log_line_prefix '%m [%p] '); a plan's JSON continues on lines of its own.
    [GeneratedRegex(@"^(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \S+ \[\d+\] )", RegexOptions.Multiline)]
    private static partial Regex LogEntry();
}
