using DataEngineer.Core.Execution;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;
using DataEngineer.Postgres.Metadata;
using DataEngineer.Testing;
using Npgsql;
using Xunit;

namespace DataEngineer.Sdk.Postgres.Tests;

/// <summary>
/// Runs of <see cref="QualityEngineDag"/> on the real engine with the PostgreSQL metadata store and a PostgreSQL warehouse:
/// what the task observed reaches the store, watermarks move only with success, drift and anomalies are recorded.
/// </summary>
public sealed class EngineObservationTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset Day = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly DagGraph _graph = DagValidator.Validate(new QualityEngineDag().Build());
    private NpgsqlDataSource _dataSource = null!;
    private PostgresMetadataStore _store = null!;

    public async Task InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        var schema = "s_" + Guid.NewGuid().ToString("N")[..12];
        await SchemaMigrator.MigrateAsync(_dataSource, schema);
        _store = new PostgresMetadataStore(_dataSource, new PostgresMetadataStoreOptions { Schema = schema });
        await using var command = _dataSource.CreateCommand("DROP SCHEMA IF EXISTS dq CASCADE");
        await command.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    private async Task<RunSnapshot> RunDayAsync(int day, string conf = "{}")
    {
        var interval = new DataInterval(Day.AddDays(day), Day.AddDays(day + 1));
        var (run, tasks) = DagRunFactory.Create(_graph, DagRunType.Manual, interval, RunConf.Parse(conf, _graph.Definition.ParamsType), interval.End);
        await _store.CreateRunAsync(run, tasks);
        var options = new TaskRuntimeOptions { Connections = DataEngineer.Core.Connections.ConnectionRegistry.FromConnectionStrings(new Dictionary<string, string> { ["Warehouse"] = database.ConnectionString }) };
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        return await new LocalDagRunner(_store, TimeProvider.System, options).RunAsync(_graph, run.Key, limit.Token);
    }

    private async Task<List<QualityEvent>> EventsAsync(string kind) => (await _store.ListQualityEventsAsync(0, 1000)).Where(e => e.Kind == kind).ToList();

    [Fact]
    public async Task Run_Succeeds_RecordsDatasetChecksAndWatermark()
    {
        var run = await RunDayAsync(0);

        Assert.Equal(DagRunState.Success, run.Run.State);
        var dataset = await _store.GetDatasetAsync("dq.readings");
        Assert.NotNull(dataset);
        Assert.Equal((100L, 1, TimeSpan.FromHours(30)), (dataset.RowCount, dataset.SchemaVersion, dataset.FreshnessSla!.Value));
        Assert.Equal(Day.AddSeconds(100), dataset.DataUpdatedAt);
        Assert.Equal(100, Assert.Single(await _store.ListDatasetWritesAsync("dq.readings", 10)).RowsWritten);
        Assert.Equal(["not_null_status", "accepted_values_status"], (await _store.ListCheckResultsAsync(run.Run.Key)).Select(c => c.Name));
        Assert.Equal("2024-03-01T00:01:40.0000000+00:00", (await _store.GetWatermarkAsync("quality_engine", "load", "dq.source"))!.Value);
    }

    [Fact]
    public async Task Run_FailsAfterTheLoadCommitted_DoesNotAdvanceTheWatermark()
    {
        await RunDayAsync(0);
        var before = await _store.GetWatermarkAsync("quality_engine", "load", "dq.source");

        var failed = await RunDayAsync(1, """{"failAfterLoad": true}""");

        Assert.Equal(TaskInstanceState.Failed, failed.Tasks["load"].State);
        Assert.Equal(before, await _store.GetWatermarkAsync("quality_engine", "load", "dq.source"));
        Assert.Single(await _store.ListDatasetWritesAsync("dq.readings", 10));
    }

    [Fact]
    public async Task Runs_AddedColumn_RecordSchemaDriftWithBeforeAndAfter()
    {
        await RunDayAsync(0);
        var run = await RunDayAsync(1, """{"addColumn": true}""");

        Assert.Equal(DagRunState.Success, run.Run.State);
        var drift = Assert.Single(await EventsAsync(QualityEventKinds.SchemaDrift));
        Assert.Equal(("dq.readings", run.Run.RunId, "warn"), (drift.Dataset, drift.RunId, drift.Severity));
        Assert.Contains("added channel text", drift.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("channel", drift.Before, StringComparison.Ordinal);
        Assert.Contains("""{"name":"channel","type":"text"}""", drift.After, StringComparison.Ordinal);
        Assert.Equal([1, 2], (await _store.ListSchemaVersionsAsync("dq.readings")).Select(v => v.Version));
    }

    [Fact]
    public async Task Runs_NewStatus_RecordNewValuesOnceAndAFailedWarnCheck()
    {
        await RunDayAsync(0);
        var run = await RunDayAsync(1, """{"status": "on_hold"}""");
        await RunDayAsync(2, """{"status": "on_hold"}""");

        Assert.Equal(DagRunState.Success, run.Run.State);
        var drift = Assert.Single(await EventsAsync(QualityEventKinds.NewValues));
        Assert.Equal(("""["ok"]""", """["ok","on_hold"]"""), (drift.Before, drift.After));
        Assert.Contains("dq.readings.status has a value outside its accepted set: 'on_hold'", drift.Message, StringComparison.Ordinal);
        var check = (await _store.ListCheckResultsAsync(run.Run.Key)).Single(c => c.Name == "accepted_values_status");
        Assert.Equal((100L, "warn"), (check.FailingCount, check.Severity));
        Assert.Equal(2, (await EventsAsync(QualityEventKinds.CheckFailed)).Count);
    }

    [Fact]
    public async Task Runs_FortyPercentDrop_ConfiguredToFail_FailsTheTaskAndRecordsTheExpectedRange()
    {
        int[] normal = [100, 96, 104, 99, 101, 95, 103];
        for (var day = 0; day < normal.Length; day++)
        {
            Assert.Equal(DagRunState.Success, (await RunDayAsync(day, $$"""{"rows": {{normal[day]}}, "failOnAnomaly": true}""")).Run.State);
        }

        Assert.Empty(await EventsAsync(QualityEventKinds.RowCountAnomaly));
        var dropped = await RunDayAsync(normal.Length, """{"rows": 60, "failOnAnomaly": true}""");

        Assert.Equal(TaskInstanceState.Failed, dropped.Tasks["load"].State);
        Assert.Contains("Rows written to dq.readings: expected 80 to 120 (median 100 of the last 7 tries), got 60", dropped.Tasks["load"].Error, StringComparison.Ordinal);
        var anomaly = Assert.Single(await EventsAsync(QualityEventKinds.RowCountAnomaly));
        Assert.Equal("error", anomaly.Severity);
        Assert.Contains("\"actual\":60", anomaly.After, StringComparison.Ordinal);
        Assert.Equal(normal.Length, (await _store.ListDatasetWritesAsync("dq.readings", 100)).Count);
    }
}
