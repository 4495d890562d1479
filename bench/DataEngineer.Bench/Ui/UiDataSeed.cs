using DataEngineer.Bench.Dags;
using DataEngineer.Core.Execution;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;
using Npgsql;

namespace DataEngineer.Bench.Ui;

/// <summary>
/// Fills the metadata database as a large deployment looks: <see cref="DagCount"/> DAGs with owners and tags,
/// <see cref="RunCount"/> runs in all (7 on each DAG, the other 3,007 on the one whose grid is measured), each with its task instances.
/// Inserted with set-based SQL: seeding is not what is measured.
/// </summary>
internal static class UiDataSeed
{
    public const int DagCount = 1_000;
    public const int RunCount = 10_000;
    private const int OtherDagRuns = 7;
    public const int TasksPerDag = 5;
    public const string GridDag = "ui_dag_0000";
    public const int GridDagRuns = RunCount - (OtherDagRuns * (DagCount - 1));

    public static IReadOnlyList<DagGraph> Graphs() =>
        [.. Enumerable.Range(0, DagCount).Select(i => DagValidator.Validate(new LinearChainDag($"ui_dag_{i:D4}", TasksPerDag).Build()))];

    public static async Task<int> SeedAsync(IMetadataStore store, NpgsqlDataSource dataSource, IReadOnlyList<DagGraph> graphs, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < graphs.Count; i++)
        {
            await store.SyncDagAsync(DagRecords.Of(graphs[i], now) with { Owner = $"team_{i % 17}", Tags = [$"domain_{i % 23}", i % 2 == 0 ? "etl" : "report"] }, pausedAtCreation: i % 10 == 0, ct);
        }

        var taskIds = Enumerable.Range(0, TasksPerDag).Select(LinearChainDag.TaskId).ToArray();
        const string InsertRuns = """
            INSERT INTO dataengineer.dag_runs (dag_id, run_id, run_type, data_interval_start, data_interval_end, conf, state, dag_version, created_at, started_at, ended_at)
            SELECT d.dag_id, 'scheduled__' || n, 'scheduled', @origin + n * interval '1 hour', @origin + (n + 1) * interval '1 hour', '{}',
                   CASE WHEN n % 13 = 0 THEN 'failed' ELSE 'success' END, 'v', @origin + (n + 1) * interval '1 hour',
                   @origin + (n + 1) * interval '1 hour', @origin + (n + 1) * interval '1 hour' + (n % 300) * interval '1 second'
            FROM dataengineer.dags d CROSS JOIN LATERAL generate_series(1, CASE WHEN d.dag_id = @grid THEN @grid_runs ELSE @other_runs END) n
            """;
        const string InsertTasks = """
            INSERT INTO dataengineer.task_instances (dag_id, run_id, task_id, state, try_number, max_tries, queue, pool, priority_weight,
                started_at, ended_at, rows_read, rows_written, rows_rejected)
            SELECT r.dag_id, r.run_id, t.task_id, CASE WHEN r.state = 'failed' AND t.task_id = @last THEN 'failed' ELSE 'success' END, 1, 1, 'default', 'default_pool', 1,
                   r.started_at, r.ended_at, 100, 90, 10
            FROM dataengineer.dag_runs r CROSS JOIN unnest(@tasks) AS t (task_id)
            """;
        await using (var runs = dataSource.CreateCommand(InsertRuns))
        {
            runs.Parameters.AddWithValue("origin", now.AddYears(-2));
            runs.Parameters.AddWithValue("grid", GridDag);
            runs.Parameters.AddWithValue("grid_runs", GridDagRuns);
            runs.Parameters.AddWithValue("other_runs", OtherDagRuns);
            await runs.ExecuteNonQueryAsync(ct);
        }

        await using (var tasks = dataSource.CreateCommand(InsertTasks))
        {
            tasks.Parameters.AddWithValue("tasks", taskIds);
            tasks.Parameters.AddWithValue("last", taskIds[^1]);
            await tasks.ExecuteNonQueryAsync(ct);
        }

        await using var analyze = dataSource.CreateCommand("ANALYZE dataengineer.dags; ANALYZE dataengineer.dag_runs; ANALYZE dataengineer.task_instances");
        await analyze.ExecuteNonQueryAsync(ct);
        return RunCount;
    }
}
