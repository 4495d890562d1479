using System.Globalization;
using DataEngineer.Core.Execution;
using DataEngineer.Core.Quality;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Postgres.Metadata;
using DataEngineer.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit;

namespace DataEngineer.Sdk.Postgres.Tests;

/// <summary>
/// The row-count anomaly detector on real data: four years of Seattle weather (1,461 days, NOAA via vega-datasets),
/// one day per run, each run writing one row per tenth of a kelvin of the day's maximum temperature (about 2,800 to
/// 3,100 rows, following the real day-to-day and seasonal swings). Every run is recorded in the PostgreSQL store and
/// judged against the history the store returns, as the engine does after each successful try.
/// </summary>
public sealed class SeattleWeatherAnomalyTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private static readonly Dataset Weather = new("warehouse.weather_readings");
    private NpgsqlDataSource _dataSource = null!;
    private PostgresMetadataStore _store = null!;

    public async Task InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        var schema = "s_" + Guid.NewGuid().ToString("N")[..12];
        await SchemaMigrator.MigrateAsync(_dataSource, schema);
        _store = new PostgresMetadataStore(_dataSource, new PostgresMetadataStoreOptions { Schema = schema });
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    private static List<(DateOnly Day, long Rows)> DailyVolumes() => File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Data", "seattle-weather.csv"))
        .Skip(1)
        .Select(line => line.Split(','))
        .Select(f => (DateOnly.ParseExact(f[0], "yyyy/MM/dd", CultureInfo.InvariantCulture),
                      (long)Math.Round((double.Parse(f[2], CultureInfo.InvariantCulture) + 273.15) * 10)))
        .ToList();

    private async Task<TaskTryOutcome> RecordRunAsync(DateOnly day, long rows)
    {
        var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var run = new DagRun
        {
            DagId = "weather", RunId = $"scheduled__{day:yyyy-MM-dd}", Type = DagRunType.Scheduled, DataInterval = new DataInterval(start, start.AddDays(1)),
            ConfJson = "{}", DagVersion = "v1", CreatedAt = start.AddDays(1),
        };
        var task = new TaskInstance { DagId = "weather", RunId = run.RunId, TaskId = "load_weather", TryNumber = 1, MaxTries = 1, Queue = "default", Pool = "default_pool" };
        var data = new DataObservations();
        data.RecordDataset(new DatasetObservation { Dataset = Weather, RowCount = rows, RowsWritten = rows, Columns = [new DatasetColumn("day", "date")] });
        var recorder = new TaskObservationRecorder(_store, TimeProvider.System);
        return await recorder.RecordAsync(run, task, data, new TaskTryOutcome { State = TaskInstanceState.Success, RowsWritten = rows }, NullLogger.Instance, CancellationToken.None);
    }

    [Fact]
    public async Task FourYearsOfRealWeather_OneDayPerRun_NoAnomaly_ThenAFortyPercentDropIsFlagged()
    {
        var volumes = DailyVolumes();
        Assert.Equal(1461, volumes.Count);

        foreach (var (day, rows) in volumes)
        {
            await RecordRunAsync(day, rows);
        }

        Assert.DoesNotContain(await _store.ListQualityEventsAsync(0, 100), e => e.Kind == QualityEventKinds.RowCountAnomaly);
        Assert.Equal(1461, (await _store.ListDatasetWritesAsync(Weather.Name, 2000)).Count);

        var last = volumes[^1];
        var dropped = (long)Math.Round(last.Rows * 0.6);
        var outcome = await RecordRunAsync(last.Day.AddDays(1), dropped);

        Assert.Equal(TaskInstanceState.Success, outcome.State);  // a warning by default, not a failure
        var anomaly = Assert.Single(await _store.ListQualityEventsAsync(0, 100), e => e.Kind == QualityEventKinds.RowCountAnomaly);
        Assert.Equal(("warn", "warehouse.weather_readings", "scheduled__2016-01-01"), (anomaly.Severity, anomaly.Dataset, anomaly.RunId));
        Assert.Contains($"got {dropped}", anomaly.Message, StringComparison.Ordinal);
        Assert.Contains("expected_low", anomaly.After, StringComparison.Ordinal);
    }

    [Fact]
    public void RealWeather_FortyPercentDropOnAnyDay_IsFlaggedByTheDefaults()
    {
        var volumes = DailyVolumes().Select(v => v.Rows).ToList();
        var options = new RowCountAnomalyOptions();
        var missed = Enumerable.Range(options.History, volumes.Count - options.History)
            .Where(i => RowCountAnomalyDetector.Evaluate(volumes[(i - options.History)..i].AsEnumerable().Reverse().ToList(), (long)Math.Round(volumes[i] * 0.6), options) is not { IsAnomaly: true })
            .ToList();

        Assert.Empty(missed);
    }
}
