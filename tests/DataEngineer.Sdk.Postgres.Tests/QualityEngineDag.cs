using Npgsql;

namespace DataEngineer.Sdk.Postgres.Tests;

/// <summary>
/// Loads the day's new source rows (incremental, by a watermark) into <c>dq.readings</c>, records the dataset and
/// checks it: the engine tests drive schema drift, new values, anomalies and failures through its params.
/// </summary>
public sealed class QualityEngineDag() : Dag<QualityEngineParams>("quality_engine", new DagOptions { DefaultTaskOptions = new TaskOptions { Retries = 0 } })
{
    public static readonly string[] Accepted = ["ok"];

    public static Dataset Readings(bool failOnAnomaly) => new("dq.readings")
    {
        FreshnessColumn = "at",
        FreshnessSla = TimeSpan.FromHours(30),
        AcceptedValues = new Dictionary<string, IReadOnlyList<string>> { ["status"] = Accepted },
        RowCountAnomaly = new RowCountAnomalyOptions { FailTask = failOnAnomaly },
    };

    protected override void Define(DagBuilder dag) => dag.Task("load", LoadAsync);

    private static async Task LoadAsync(TaskContext context)
    {
        var p = context.Params<QualityEngineParams>();
        await using var connection = new NpgsqlConnection(context.GetConnectionString("Warehouse"));
        await connection.OpenAsync(context.CancellationToken);
        await using (var ddl = new NpgsqlCommand(
            $"""
            CREATE SCHEMA IF NOT EXISTS dq;
            CREATE TABLE IF NOT EXISTS dq.source (id bigint, status text, at timestamptz);
            CREATE TABLE IF NOT EXISTS dq.readings (id bigint PRIMARY KEY, status text NOT NULL, at timestamptz NOT NULL);
            {(p.AddColumn ? "ALTER TABLE dq.readings ADD COLUMN IF NOT EXISTS channel text;" : "")}
            INSERT INTO dq.source SELECT @day * 100000 + g, @status, @start + make_interval(secs => g) FROM generate_series(1, @rows) AS g;
            """, connection))
        {
            ddl.Parameters.AddWithValue("day", (long)context.LogicalDate.UtcDateTime.Subtract(DateTime.UnixEpoch).TotalDays);
            ddl.Parameters.AddWithValue("status", p.Status);
            ddl.Parameters.AddWithValue("start", context.DataInterval.Start);
            ddl.Parameters.AddWithValue("rows", p.Rows);
            await ddl.ExecuteNonQueryAsync(context.CancellationToken);
        }

        var batch = await context.ReadIncrementalAsync(connection, new IncrementalSource("dq.source", "at", ["id", "status", "at"]),
            r => (Id: r.GetInt64(0), Status: r.GetString(1), At: r.GetFieldValue<DateTimeOffset>(2)));
        var load = await context.LoadAsync(connection, new LoadSpec("dq.readings", ["id", "status", "at"]) { Key = ["id"], Watermark = batch.Advance },
            batch.Rows, r => [r.Id, r.Status, r.At]);
        if (p.FailAfterLoad)
        {
            throw new InvalidOperationException("failing after the load committed");
        }

        await context.RecordDatasetAsync(connection, Readings(p.FailOnAnomaly), load.Written);
        await context.RunChecksAsync(connection, CheckTarget.Table("dq.readings"), [QualityCheck.NotNull("status"), QualityCheck.AcceptedValues("status", Accepted).AsWarning()]);
    }
}
