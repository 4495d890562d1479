using System.Diagnostics;
using DataEngineer.Bench.Dags;
using DataEngineer.Bench.Reporting;
using DataEngineer.Core.Execution;
using DataEngineer.Core.Quality;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;
using DataEngineer.Postgres.Metadata;
using DataEngineer.Sdk;
using DataEngineer.Sdk.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace DataEngineer.Bench.Scenarios;

/// <summary>
/// Times each kind of quality check (one SQL statement each) on a 1,000,000-row table, and measures what the
/// observability adds to a task try: a no-op try with and without recorded observations, through the try pipeline
/// and the PostgreSQL metadata store.
/// </summary>
public static class QualityScenario
{
    public const long Rows = 1_000_000;
    private const int CheckRepeats = 5;
    private const int Tries = 300;
    private const int WarmupTries = 30;

    public static async Task<QualityResult> RunAsync(string connectionString, CancellationToken ct)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var checks = await TimeChecksAsync(dataSource, ct);
        var (noOp, empty, observed) = await TimeTriesAsync(dataSource, ct);
        return new QualityResult { Rows = Rows, Checks = checks, NoOpTry = noOp, RecorderWhenEmpty = empty, ObservedTry = observed };
    }

    private static async Task<List<CheckTiming>> TimeChecksAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using (var setup = dataSource.CreateCommand(
            $"""
            DROP SCHEMA IF EXISTS qb CASCADE;
            CREATE SCHEMA qb;
            CREATE TABLE qb.customers AS SELECT g AS customer_id FROM generate_series(1, 10000) AS g;
            ALTER TABLE qb.customers ADD PRIMARY KEY (customer_id);
            CREATE TABLE qb.orders AS
            SELECT g::bigint AS order_id,
                   CASE WHEN g % 2000 = 0 THEN 20000 ELSE (g % 10000) + 1 END AS customer_id,
                   CASE WHEN g % 1000 = 0 THEN NULL WHEN g % 5000 = 1 THEN 'on_hold' ELSE (ARRAY['placed', 'shipped', 'delivered', 'cancelled'])[g % 4 + 1] END AS status,
                   round((g % 50000) / 10.0, 2)::numeric(12, 2) - CASE WHEN g % 100000 = 7 THEN 10000 ELSE 0 END AS amount,
                   '2024-01-01T00:00:00Z'::timestamptz + make_interval(secs => g * 0.0864) AS updated_at
            FROM generate_series(1, {Rows}) AS g;
            ALTER TABLE qb.orders ADD PRIMARY KEY (order_id);
            ANALYZE qb.orders;
            ANALYZE qb.customers;
            """))
        {
            setup.CommandTimeout = 600;
            await setup.ExecuteNonQueryAsync(ct);
        }

        var target = CheckTarget.Table("qb.orders");
        var asOf = new DateTimeOffset(2024, 1, 2, 0, 0, 0, TimeSpan.Zero);
        QualityCheck[] all =
        [
            QualityCheck.NotNull("status"),
            QualityCheck.Unique("order_id"),
            QualityCheck.Unique("customer_id", "updated_at"),
            QualityCheck.AcceptedValues("status", ["placed", "shipped", "delivered", "cancelled"]),
            QualityCheck.Relationship("customer_id", "qb.customers", "customer_id"),
            QualityCheck.Range("amount", 0m, 10_000m),
            QualityCheck.RowCountBetween(1, 2_000_000),
            QualityCheck.Freshness("updated_at", TimeSpan.FromHours(1)),
            QualityCheck.Sql("custom_big_amounts", "SELECT order_id, amount FROM qb.orders WHERE amount > 4990"),
        ];
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var timings = new List<CheckTiming>();
        foreach (var check in all)
        {
            var result = await check.RunAsync(connection, target, asOf, ct: ct);
            var times = new List<TimeSpan>();
            for (var i = 0; i < CheckRepeats; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await check.RunAsync(connection, target, asOf, ct: ct);
                times.Add(Stopwatch.GetElapsedTime(started));
            }

            timings.Add(new CheckTiming(check.Name, check.Kind, result.FailingCount, Distribution.Of(times)));
        }

        await using var drop = dataSource.CreateCommand("DROP SCHEMA qb CASCADE");
        await drop.ExecuteNonQueryAsync(ct);
        return timings;
    }

    private static async Task<(Distribution NoOp, Distribution Empty, Distribution Observed)> TimeTriesAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        const string schema = "bench_quality";
        await SchemaMigrator.MigrateAsync(dataSource, schema, ct);
        var store = new PostgresMetadataStore(dataSource, new PostgresMetadataStoreOptions { Schema = schema });
        var graph = DagValidator.Validate(new ObservedDag().Build());
        var interval = new DataInterval(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 1, 2, 0, 0, 0, TimeSpan.Zero));
        var (run, tasks) = DagRunFactory.Create(graph, DagRunType.Manual, interval, RunConf.Empty, DateTimeOffset.UtcNow);
        await store.CreateRunAsync(run, tasks, ct);
        var invoker = TryPipeline.Standard(store, TimeProvider.System, new TaskRuntimeOptions { Hostname = "bench" }, null, NullLogger.Instance);
        TaskInstance Try(string taskId) => tasks.Single(t => t.TaskId == taskId) with { State = TaskInstanceState.Running, TryNumber = 1, Hostname = "bench" };

        async Task<Distribution> TimeAsync(Func<Task> call)
        {
            for (var i = 0; i < WarmupTries; i++)
            {
                await call();
            }

            var times = new List<TimeSpan>(Tries);
            for (var i = 0; i < Tries; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await call();
                times.Add(Stopwatch.GetElapsedTime(started));
            }

            return Distribution.Of(times);
        }

        var noOp = await TimeAsync(() => invoker.InvokeAsync(graph, run, Try("noop"), ct));
        var recorder = new TaskObservationRecorder(store, TimeProvider.System);
        var success = new TaskTryOutcome { State = TaskInstanceState.Success };
        var empty = await TimeAsync(() => recorder.RecordAsync(run, Try("noop"), new DataObservations(), success, NullLogger.Instance, ct));
        var observed = await TimeAsync(() => invoker.InvokeAsync(graph, run, Try("observed"), ct));
        return (noOp, empty, observed);
    }
}
