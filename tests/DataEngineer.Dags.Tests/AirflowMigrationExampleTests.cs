using DataEngineer.Core.Validation;
using DataEngineer.Sdk;
using DataEngineer.Sdk.Testing;
using Microsoft.Extensions.Logging;
using Npgsql;
using Xunit;

namespace DataEngineer.Dags.Tests;

/// <summary>The worked migration in docs/airflow-migration.md, verbatim, so the page cannot drift from the API.</summary>
public class AirflowMigrationExampleTests
{
    public sealed record SaleRow(long Id, decimal Amount);

    public sealed class DailySalesDag() : Dag("daily_sales", new DagOptions
    {
        Schedule = "0 6 * * *",
        StartDate = new DateTime(2024, 1, 1),
        Catchup = false,
        Tags = ["sales"],
        DefaultTaskOptions = new TaskOptions { Retries = 2, RetryDelay = TimeSpan.FromMinutes(5) },
    })
    {
        protected override void Define(DagBuilder dag)
        {
            // PostgresHook("warehouse") -> the Warehouse connection string from configuration.
            var extract = dag.Task("extract", async ctx =>
            {
                await using var connection = new NpgsqlConnection(ctx.GetConnectionString("Warehouse"));
                await connection.OpenAsync(ctx.CancellationToken);
                await using var command = new NpgsqlCommand("SELECT id, amount FROM sales WHERE sold_at >= $1 AND sold_at < $2", connection);
                command.Parameters.AddWithValue(ctx.DataInterval.Start);
                command.Parameters.AddWithValue(ctx.DataInterval.End);
                var rows = new List<SaleRow>();
                await using var reader = await command.ExecuteReaderAsync(ctx.CancellationToken);
                while (await reader.ReadAsync(ctx.CancellationToken))
                {
                    rows.Add(new SaleRow(reader.GetInt64(0), reader.GetDecimal(1)));
                }

                ctx.Rows.AddRead(rows.Count);
                return rows;
            });

            // Passing extract's TaskRef creates the edge and delivers its value, typed (no xcom_pull).
            var total = dag.Task("total", extract, (ctx, rows) => rows.Sum(r => r.Amount));

            // @task.branch -> dag.Branch: returns the ids of the direct downstream tasks to follow.
            var check = dag.Branch("check", total, (ctx, amount) => amount > 0 ? new[] { "publish" } : new[] { "nothing_to_do" });

            // {{ ds }} -> ctx.LogicalDate; print -> the try's log.
            var publish = dag.Task("publish", total, (ctx, amount) =>
                ctx.Logger.LogInformation("Sales on {Day:yyyy-MM-dd}: {Amount}", ctx.LogicalDate, amount)).After(check);
            var nothing = dag.Task("nothing_to_do", _ => { }).After(check);

            dag.Task("done", _ => { }, new TaskOptions { TriggerRule = TriggerRule.NoneFailedMinOneSuccess }).After(publish, nothing);
        }
    }

    [Fact]
    public void DailySales_Validates_WithTheAirflowShape()
    {
        var graph = DagValidator.Validate(new DailySalesDag().Build());

        Assert.Equal(["extract", "total", "check", "publish", "nothing_to_do", "done"], graph.TopologicalOrder.Select(t => t.Id));
        Assert.Equal(["publish", "nothing_to_do"], graph.Tasks["done"].Upstream);
        Assert.Equal(2, graph.Tasks["publish"].Settings.Retries);
        Assert.Equal("0 6 * * * (UTC)", graph.Timetable.Description);
    }

    [Fact]
    public async Task TotalAndCheck_UnitTests_AsOnThePage()
    {
        var env = new TaskTestEnvironment { LogicalDate = new DateTimeOffset(2024, 6, 3, 6, 0, 0, TimeSpan.Zero) };
        env.SetUpstreamValue("extract", new List<SaleRow> { new(1, 12.5m), new(2, 7m) });
        Assert.Equal(19.5m, await env.RunAsync<decimal>(new DailySalesDag(), "total"));

        var branch = new TaskTestEnvironment { LogicalDate = env.LogicalDate };
        branch.SetUpstreamValue("total", 0m);
        Assert.Equal(["nothing_to_do"], await branch.RunAsync<string[]>(new DailySalesDag(), "check") ?? []);
    }
}
