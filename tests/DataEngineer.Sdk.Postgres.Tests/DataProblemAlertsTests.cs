using DataEngineer.Core.Connections;
using DataEngineer.Core.Alerts;
using DataEngineer.Core.Catalog;
using DataEngineer.Core.Execution;
using DataEngineer.Core.Quality;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;
using DataEngineer.Postgres.Metadata;
using DataEngineer.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Xunit;

namespace DataEngineer.Sdk.Postgres.Tests;

/// <summary>
/// Data problems found by real engine runs (a failed error check, a row-count anomaly) and by the freshness monitor alert the
/// DAG's recipients by default, linking to the failing try (or the dataset), and alert nobody for a DAG that opted out.
/// </summary>
public sealed class DataProblemAlertsTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset Day = new(2024, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Uri BaseUrl = new("https://de.example.com/");
    private readonly DagGraph _loud = DagValidator.Validate(new DataProblemsDag("dp_loud", alertOnDataProblems: true).Build());
    private readonly DagGraph _quiet = DagValidator.Validate(new DataProblemsDag("dp_quiet", alertOnDataProblems: false).Build());
    private NpgsqlDataSource _dataSource = null!;
    private PostgresMetadataStore _store = null!;

    public async Task InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        var schema = "s_" + Guid.NewGuid().ToString("N")[..12];
        await SchemaMigrator.MigrateAsync(_dataSource, schema);
        _store = new PostgresMetadataStore(_dataSource, new PostgresMetadataStoreOptions { Schema = schema });
        await _store.ReplaceDatasetCatalogAsync(DatasetCatalogBuilder.Build([_loud, _quiet]));
        await using var command = _dataSource.CreateCommand("DROP SCHEMA IF EXISTS dp CASCADE");
        await command.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    private async Task<RunSnapshot> RunDayAsync(DagGraph graph, int day, string conf = "{}")
    {
        var interval = new DataInterval(Day.AddDays(day), Day.AddDays(day + 1));
        var (run, tasks) = DagRunFactory.Create(graph, DagRunType.Manual, interval, RunConf.Parse(conf, graph.Definition.ParamsType), interval.End);
        await _store.CreateRunAsync(run, tasks);
        var options = new TaskRuntimeOptions { Connections = ConnectionRegistry.FromConnectionStrings(new Dictionary<string, string> { ["Warehouse"] = database.ConnectionString }) };
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        return await new LocalDagRunner(_store, TimeProvider.System, options).RunAsync(graph, run.Key, limit.Token);
    }

    [Fact]
    public async Task CheckFailureAnomalyAndFreshnessBreach_AlertTheDagByDefault_LinkingTheFailingTry_AndNobodyWhenItOptedOut()
    {
        var failed = new Dictionary<string, RunSnapshot>();
        foreach (var graph in new[] { _loud, _quiet })
        {
            for (var day = 0; day < 3; day++)
            {
                Assert.Equal(DagRunState.Success, (await RunDayAsync(graph, day)).Run.State);
            }

            failed[graph.DagId] = await RunDayAsync(graph, 3, """{"rows": 60, "failCheck": true}""");  // a 40 % drop, and the check fails
            Assert.Equal(TaskInstanceState.Failed, failed[graph.DagId].Tasks["check"].State);
        }

        var later = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(1));
        Assert.Equal(2, await new FreshnessMonitor(_store, later, NullLogger<FreshnessMonitor>.Instance).SweepAsync(CancellationToken.None));
        var routing = new AlertRoutingOptions { Channels = new HashSet<string>(StringComparer.Ordinal) { "oncall" }, BaseUrl = BaseUrl };
        var outbox = new AlertOutbox(_store, new StaticDagRegistry([_loud, _quiet]), routing, later, NullLogger<AlertOutbox>.Instance);
        await new QualityEventAlerts(_store, outbox).CheckAsync(CancellationToken.None);

        var alerts = await _store.ListAlertsAsync(1000);
        Assert.DoesNotContain(alerts, a => a.DagId == "dp_quiet");
        var loud = alerts.Where(a => a.DagId == "dp_loud").ToDictionary(a => a.Kind);
        Assert.Equal([AlertEvents.FreshnessBreach, AlertEvents.QualityFailure, AlertEvents.RowCountAnomaly], loud.Keys.Order());
        Assert.All(loud.Values, a => Assert.Equal("oncall", a.Recipient));
        var run = Uri.EscapeDataString(failed["dp_loud"].Run.RunId);
        Assert.Equal($"https://de.example.com/dags/dp_loud/runs/{run}/tasks/check/tries/1", Url(loud[AlertEvents.QualityFailure]));
        Assert.Equal($"https://de.example.com/dags/dp_loud/runs/{run}/tasks/load/tries/1", Url(loud[AlertEvents.RowCountAnomaly]));
        Assert.Equal("https://de.example.com/datasets/dp.dp_loud", Url(loud[AlertEvents.FreshnessBreach]));
        Assert.Contains("Rows written to dp.dp_loud: expected 80 to 120 (median 100 of the last 3 tries), got 60", loud[AlertEvents.RowCountAnomaly].Body, StringComparison.Ordinal);
    }

    private static string? Url(AlertRecord alert) => System.Text.Json.JsonDocument.Parse(alert.PayloadJson).RootElement.GetProperty("url").GetString();
}
