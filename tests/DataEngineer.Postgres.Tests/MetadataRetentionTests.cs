using DataEngineer.Postgres.Metadata;
using DataEngineer.Testing;
using DataEngineer.Testing.Retention;
using Npgsql;

namespace DataEngineer.Postgres.Tests;

/// <summary>
/// <c>db clean</c>'s deletion on real PostgreSQL, over a history larger than one batch of runs and of log lines:
/// exactly the old finished rows go; running and queued runs, each DAG's latest run, pending alerts and open freshness
/// breaches stay, as do rows newer than the cutoff.
/// </summary>
public sealed class MetadataRetentionTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private static readonly DateTimeOffset Cutoff = Now.AddDays(-30);
    private static readonly DateTimeOffset Old = Now.AddDays(-100);
    private static readonly DateTimeOffset Recent = Now.AddDays(-1);
    private const int OldRuns = 250;

    [Fact]
    public async Task CountThenDelete_RemoveExactlyTheOldFinishedRows_InBatches()
    {
        var (retention, history) = await SeedAsync();
        // Old finished runs (OldRuns of old_dag and fresh_old) of 2 tasks: each 2 instances, 2 tries, 4 log lines, 2 XCom,
        // 2 check results, 2 statements; old_big 1 task with 25,000 lines. Alerts sent and failed, one audit row, the closed breach and the anomaly.
        const int Runs = OldRuns + 1;
        long[] expected = [Runs + 1, 2 * Runs + 1, 2 * Runs + 1, 4 * Runs + 25_000, 2 * Runs + 1, 2 * Runs + 1, 2 * Runs + 1, 2, 1, 2];

        var counted = await retention.CountAsync(Cutoff);
        var before = await CountRowsAsync(history);
        var deleted = await retention.DeleteAsync(Cutoff);

        Assert.Equal(MetadataRetention.Tables, counted.Select(c => c.Table));
        Assert.Equal(expected, counted.Select(c => c.Rows));
        Assert.Equal(expected, deleted.Select(c => c.Rows));
        Assert.Equal(before.Zip(expected, (b, e) => b - e), await CountRowsAsync(history));
        Assert.Equal(["fresh_newest", "fresh_recent", "lonely_only", "old_latest", "old_queued", "old_running"], await history.RunIdsAsync());
        Assert.Equal(0L, (await retention.CountAsync(Cutoff)).Sum(c => c.Rows));
    }

    [Fact]
    public async Task Delete_KeepsTheChildrenOfKeptRuns()
    {
        var (retention, history) = await SeedAsync();

        await retention.DeleteAsync(Cutoff);

        // Kept runs: running and queued (1 task each), three of 2 tasks (latest of old_dag, the two recent ones), lonely's only run.
        Assert.Equal(1 + 1 + 2 + 2 + 2 + 2, await history.CountAsync("task_instances"));
        Assert.Equal(2 + 2 + 4 + 4 + 4 + 4, await history.CountAsync("task_logs"));
    }

    [Fact]
    public async Task Delete_KeepLastThree_KeepsEachDagsThreeLatestRuns()
    {
        var (retention, history) = await SeedAsync();

        var deleted = await retention.DeleteAsync(Cutoff, keepLast: 3);

        // old_dag's three latest by logical date: old_latest and the two newest old runs; fresh_dag has three runs, lonely_dag one.
        Assert.Equal(OldRuns - 2 + 1, deleted.Single(c => c.Table == "dag_runs").Rows);
        Assert.Equal(
            ["fresh_newest", "fresh_old", "fresh_recent", "lonely_only", "old_0248", "old_0249", "old_latest", "old_queued", "old_running"],
            await history.RunIdsAsync());
    }

    [Fact]
    public async Task CountThenDelete_OneDag_RemoveOnlyThatDagsOldRuns_AndNoRowOfTheWholeDeployment()
    {
        var (retention, history) = await SeedAsync();
        // fresh_dag's one old finished run of 2 tasks (one statement each); the seeded alerts and quality events name no DAG, the audit log is everyone's.
        long[] expected = [1, 2, 2, 4, 2, 2, 2, 0, 0, 0];

        var counted = await retention.CountAsync(Cutoff, dagId: "fresh_dag");
        var deleted = await retention.DeleteAsync(Cutoff, dagId: "fresh_dag");

        Assert.Equal(expected, counted.Select(c => c.Rows));
        Assert.Equal(expected, deleted.Select(c => c.Rows));
        Assert.DoesNotContain("fresh_old", await history.RunIdsAsync());
        Assert.Contains("lonely_only", await history.RunIdsAsync());
        Assert.Equal(OldRuns + 1 + 3, (await history.RunIdsAsync()).Count(id => id.StartsWith("old_", StringComparison.Ordinal)));
        Assert.Equal(2, await history.CountAsync("audit_log"));
        Assert.Equal(0L, (await retention.CountAsync(Cutoff, dagId: "no_such_dag")).Sum(c => c.Rows));
    }

    [Fact]
    public async Task KeepLastBelowOne_IsRefused()
    {
        var (retention, _) = await SeedAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => retention.CountAsync(Cutoff, keepLast: 0));
    }

    [Fact]
    public async Task Count_ChangesNothing()
    {
        var (retention, history) = await SeedAsync();
        var before = await CountRowsAsync(history);

        await retention.CountAsync(Cutoff);

        Assert.Equal(before, await CountRowsAsync(history));
    }

    [Fact]
    public void Constructor_HostileSchemaName_IsRefused()
    {
        using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);

        var error = Assert.Throws<ArgumentException>(() => new MetadataRetention(dataSource, "x; DROP TABLE dag_runs"));

        Assert.Contains("not a valid schema name", error.Message, StringComparison.Ordinal);
    }

    private async Task<(MetadataRetention Retention, MetadataHistory History)> SeedAsync()
    {
        var schema = "c_" + Guid.NewGuid().ToString("N")[..12];
        var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        await SchemaMigrator.MigrateAsync(dataSource, schema);
        var history = new MetadataHistory(dataSource, schema);
        var start = new DateTimeOffset(2023, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var n = 0; n < OldRuns; n++)
        {
            await history.RunAsync("old_dag", $"old_{n:D4}", n % 2 == 0 ? "success" : "failed", start.AddDays(10 + n), Old);
        }

        await history.RunAsync("old_dag", "old_big", "success", start, Old, tasks: 1, logsPerTask: 25_000);
        await history.RunAsync("old_dag", "old_running", "running", start.AddDays(1), endedAt: null, tasks: 1, logsPerTask: 2);
        await history.RunAsync("old_dag", "old_queued", "queued", start.AddDays(2), endedAt: null, tasks: 1, logsPerTask: 2);
        await history.RunAsync("old_dag", "old_latest", "success", start.AddDays(1000), Old);
        await history.RunAsync("fresh_dag", "fresh_old", "success", start, Old);
        await history.RunAsync("fresh_dag", "fresh_recent", "failed", start.AddDays(1), Recent);
        await history.RunAsync("fresh_dag", "fresh_newest", "success", start.AddDays(2), Recent);
        await history.RunAsync("lonely_dag", "lonely_only", "success", start, Old);
        await history.AlertAsync("sent", Old);
        await history.AlertAsync("failed", Old);
        await history.AlertAsync("pending", Old);
        await history.AlertAsync("sent", Recent);
        await history.AuditAsync(Old);
        await history.AuditAsync(Recent);
        await history.QualityEventAsync("freshness_breach", Old, open: false);
        await history.QualityEventAsync("row_count_anomaly", Old, open: true);
        await history.QualityEventAsync("freshness_breach", Old, open: true);
        await history.QualityEventAsync("check_failed", Recent, open: false);
        return (new MetadataRetention(dataSource, schema), history);
    }

    private static async Task<List<long>> CountRowsAsync(MetadataHistory history)
    {
        var counts = new List<long>();
        foreach (var table in MetadataRetention.Tables)
        {
            counts.Add(await history.CountAsync(table));
        }

        return counts;
    }
}
