using DataEngineer.Core.Execution;
using DataEngineer.Core.Quality;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;
using DataEngineer.Dags.OrdersEtl;
using DataEngineer.Sdk;
using DataEngineer.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Xunit;

namespace DataEngineer.Dags.Tests;

/// <summary>
/// orders_etl on the real engine and a PostgreSQL warehouse, one daily run after another, with the source faults a
/// user can inject: each detection shows up where a user would look for it.
/// </summary>
public sealed class OrdersEtlQualityTests(PostgresDatabaseFixture warehouse) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset FirstDay = new(2024, 5, 6, 2, 0, 0, TimeSpan.Zero);   // a Monday
    private readonly DagGraph _graph = DagValidator.Validate(new OrdersEtlDag().Build());
    private readonly InMemoryMetadataStore _store = new();

    public async Task InitializeAsync()
    {
        await using var connection = new NpgsqlConnection(warehouse.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand("DROP SCHEMA IF EXISTS source CASCADE; DROP SCHEMA IF EXISTS warehouse CASCADE;", connection);
        await drop.ExecuteNonQueryAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<RunSnapshot> RunDayAsync(int day, string conf = "{}")
    {
        var interval = new DataInterval(FirstDay.AddDays(day), FirstDay.AddDays(day + 1));
        var (run, tasks) = DagRunFactory.Create(_graph, DagRunType.Scheduled, interval, RunConf.Parse(conf, _graph.Definition.ParamsType), interval.End);
        await _store.CreateRunAsync(run, tasks);
        var options = new TaskRuntimeOptions { Connections = DataEngineer.Core.Connections.ConnectionRegistry.FromConnectionStrings(new Dictionary<string, string> { ["Warehouse"] = warehouse.ConnectionString }) };
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        return await new LocalDagRunner(_store, TimeProvider.System, options).RunAsync(_graph, run.Key, limit.Token);
    }

    private async Task<List<QualityEvent>> EventsAsync(string kind) => (await _store.ListQualityEventsAsync(0, 10_000)).Where(e => e.Kind == kind).ToList();

    [Fact]
    public async Task DailyRuns_NormalWeeks_NoAnomaly_ThenAFortyPercentDropIsFlaggedAsAWarning()
    {
        for (var day = 0; day < 28; day++)
        {
            Assert.Equal(DagRunState.Success, (await RunDayAsync(day)).Run.State);
        }

        Assert.Empty(await EventsAsync(QualityEventKinds.RowCountAnomaly));
        var dropped = await RunDayAsync(28, """{"injectVolumeDrop": true}""");

        Assert.Equal(DagRunState.Success, dropped.Run.State);
        var anomaly = Assert.Single(await EventsAsync(QualityEventKinds.RowCountAnomaly));
        Assert.Equal(("warn", "warehouse.fact_orders", "load_orders", dropped.Run.RunId), (anomaly.Severity, anomaly.Dataset, anomaly.TaskId, anomaly.RunId));
        Assert.Contains("(median", anomaly.Message, StringComparison.Ordinal);
        Assert.Contains("of the last 4 tries)", anomaly.Message, StringComparison.Ordinal);
        var watermark = await _store.GetWatermarkAsync("orders_etl", "extract_orders", "source.orders");
        Assert.True(DateTimeOffset.Parse(watermark!.Value, System.Globalization.CultureInfo.InvariantCulture) > FirstDay.AddDays(28));
    }

    [Fact]
    public async Task NewStatus_FailsTheAcceptedValuesCheck_AndIsRecordedAsNewValues()
    {
        Assert.Equal(DagRunState.Success, (await RunDayAsync(0)).Run.State);
        var run = await RunDayAsync(1, """{"injectNewStatus": true}""");

        Assert.Equal(TaskInstanceState.Success, run.Tasks["load_orders"].State);
        Assert.Equal(TaskInstanceState.Failed, run.Tasks["quality_check"].State);
        Assert.Contains("'accepted_values_status' (accepted_values) on orders loaded by this run", run.Tasks["quality_check"].Error, StringComparison.Ordinal);
        var check = (await _store.ListCheckResultsAsync(run.Run.Key)).Single(c => c.Name == "accepted_values_status");
        Assert.True(check.FailingCount > 0);
        Assert.Contains("on_hold", check.SampleJson, StringComparison.Ordinal);
        var drift = Assert.Single(await EventsAsync(QualityEventKinds.NewValues));
        Assert.DoesNotContain("on_hold", drift.Before, StringComparison.Ordinal);
        Assert.Contains("on_hold", drift.After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LateDay_WarnsOnFreshness_AndTheSlaIsBreachedUntilTheDataArrives()
    {
        Assert.Equal(DagRunState.Success, (await RunDayAsync(0)).Run.State);
        var late = await RunDayAsync(1, """{"injectLateDay": true}""");

        Assert.Equal(DagRunState.Success, late.Run.State);
        var freshness = (await _store.ListCheckResultsAsync(late.Run.Key)).Single(c => c.Kind == "freshness");
        Assert.Equal(("warn", 1L), (freshness.Severity, freshness.FailingCount));

        // Two hours after the late run the data is 26 h old: within the 28 h SLA; four hours later it is not.
        var time = new FakeTimeProvider(FirstDay.AddDays(2).AddHours(2));
        var monitor = new FreshnessMonitor(_store, time, NullLogger<FreshnessMonitor>.Instance);
        Assert.Equal(0, await monitor.SweepAsync(CancellationToken.None));
        time.Advance(TimeSpan.FromHours(4));
        Assert.Equal(1, await monitor.SweepAsync(CancellationToken.None));
        Assert.NotNull((await _store.GetDatasetAsync("warehouse.fact_orders"))!.BreachedSince);

        // The next run brings the late orders with its own: fresh again, the breach is resolved.
        Assert.Equal(DagRunState.Success, (await RunDayAsync(2)).Run.State);
        time.SetUtcNow(FirstDay.AddDays(3).AddHours(1));
        await monitor.SweepAsync(CancellationToken.None);
        Assert.NotNull(Assert.Single(await EventsAsync(QualityEventKinds.FreshnessBreach)).ResolvedAt);
    }
}
