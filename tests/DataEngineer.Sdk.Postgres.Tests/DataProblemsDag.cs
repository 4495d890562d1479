using Npgsql;

namespace DataEngineer.Sdk.Postgres.Tests;

/// <summary>
/// Appends the day's rows to its own table (a dataset with a 1 h freshness SLA and a short anomaly history), then checks it
/// with an error-severity check its params can make fail: the data problems that alert by default, or not when opted out.
/// </summary>
public sealed class DataProblemsDag(string dagId, bool alertOnDataProblems) : Dag<DataProblemsParams>(dagId, new DagOptions
{
    AlertOnFailure = ["oncall"],
    AlertOnDataProblems = alertOnDataProblems,
    DefaultTaskOptions = new TaskOptions { Retries = 0 },
})
{
    public Dataset Rows { get; } = new($"dp.{dagId}")
    {
        FreshnessColumn = "at",
        FreshnessSla = TimeSpan.FromHours(1),
        RowCountAnomaly = new RowCountAnomalyOptions { MinHistory = 3 },
    };

    protected override void Define(DagBuilder dag)
    {
        var load = dag.Task("load", async ctx =>
        {
            await using var connection = new NpgsqlConnection(ctx.GetConnectionString("Warehouse"));
            await connection.OpenAsync(ctx.CancellationToken);
            await using (var ddl = new NpgsqlCommand($"CREATE SCHEMA IF NOT EXISTS dp; CREATE TABLE IF NOT EXISTS {Rows.Name} (id bigint PRIMARY KEY, at timestamptz NOT NULL)", connection))
            {
                await ddl.ExecuteNonQueryAsync(ctx.CancellationToken);
            }

            var day = (long)(ctx.DataInterval.Start - DateTimeOffset.UnixEpoch).TotalDays;
            await ctx.LoadAsync(connection, new LoadSpec(Rows, ["id", "at"]) { Key = ["id"], Mode = LoadMode.AppendDedup },
                Enumerable.Range(1, ctx.Params<DataProblemsParams>().Rows), i => [day * 100_000 + i, ctx.DataInterval.Start.AddMinutes(i)]);
        }, new TaskOptions { Writes = [Rows] });
        dag.Task("check", async ctx =>
        {
            await using var connection = new NpgsqlConnection(ctx.GetConnectionString("Warehouse"));
            await connection.OpenAsync(ctx.CancellationToken);
            var failing = ctx.Params<DataProblemsParams>().FailCheck ? $"SELECT id FROM {Rows.Name} LIMIT 3" : $"SELECT id FROM {Rows.Name} WHERE id < 0";
            await ctx.RunChecksAsync(connection, CheckTarget.Table(Rows.Name), [QualityCheck.Sql("no_flagged_rows", failing)]);
        }, new TaskOptions { Reads = [Rows] }).After(load);
    }
}
