using DataEngineer.Execution.Hosting;
using DataEngineer.Host.Hosting;
using DataEngineer.Host.Settings;
using DataEngineer.Postgres.Metadata;
using DataEngineer.Testing;
using DataEngineer.Testing.Retention;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Xunit;

namespace DataEngineer.Host.Tests;

/// <summary>
/// The scheduled <c>db clean</c> (<c>DataEngineer:Cleanup:*</c>) on real PostgreSQL: it cleans when its schedule fires,
/// audited as system:cleanup; one scheduler cleans at a time; bad settings are errors naming the key.
/// </summary>
public sealed class MetadataCleanupScheduleTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private NpgsqlDataSource _dataSource = null!;
    private MetadataHistory _history = null!;
    private string _schema = null!;

    public async Task InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        await SchemaMigrator.MigrateAsync(_dataSource);
        await JobStoreSchemas.InstallAsync(database.ConnectionString);
        _history = new MetadataHistory(_dataSource, PostgresMetadataStoreOptions.DefaultSchema);
        _schema = PostgresMetadataStoreOptions.DefaultSchema;
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    private static MetadataCleanupSettings? Read(params (string Key, string Value)[] settings) =>
        StartupSettings.Read<CleanupOptions>(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>($"DataEngineer:Cleanup:{s.Key}", s.Value))).Build()).Cleanup;

    [Fact]
    public async Task Schedule_WhenItFires_DeletesTheOldRuns_AndIsAuditedAsTheSystem()
    {
        var prefix = Guid.NewGuid().ToString("N")[..8];
        var now = DateTimeOffset.UtcNow;
        var day = new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);
        await _history.RunAsync($"{prefix}_dag", $"{prefix}_old", "success", day, now.AddDays(-200));
        await _history.RunAsync($"{prefix}_dag", $"{prefix}_latest", "success", day.AddDays(1), now.AddDays(-200));
        var time = new FakeTimeProvider(now);
        var settings = Read(("OlderThan", "90d"), ("Schedule", "@hourly"))!;
        using var service = new MetadataCleanupService(settings, _dataSource, new PostgresMetadataStore(_dataSource), time, NullLogger<MetadataCleanupService>.Instance);

        await using var last = _dataSource.CreateCommand($"SELECT coalesce(max(id), 0) FROM {_schema}.audit_log");
        var before = (long)(await last.ExecuteScalarAsync())!;
        await service.StartAsync(CancellationToken.None);
        Assert.Contains($"{prefix}_old", await _history.RunIdsAsync());
        // The clean's audit row is written last: once it is there, the clean is done. The service starts its loop on a
        // thread of its own (.NET 10's BackgroundService), so an hour is advanced until its wait has begun and fired.
        await using var audit = _dataSource.CreateCommand($"SELECT detail FROM {_schema}.audit_log WHERE action = 'db.clean' AND actor = 'system:cleanup' AND id > {before} ORDER BY id DESC LIMIT 1");
        var deadline = DateTimeOffset.UtcNow.AddSeconds(90);
        string? detail;
        while ((detail = (string?)await audit.ExecuteScalarAsync()) is null && DateTimeOffset.UtcNow < deadline)
        {
            time.Advance(TimeSpan.FromHours(1));
            await Task.Delay(100);
        }

        await service.StopAsync(CancellationToken.None);
        Assert.NotNull(detail);
        var runs = await _history.RunIdsAsync();
        Assert.DoesNotContain($"{prefix}_old", runs);
        Assert.Contains($"{prefix}_latest", runs);
        Assert.Contains(" keep_last=1 dag_runs=", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clean_WhileAnotherSchedulerHoldsTheLock_DoesNothing()
    {
        var prefix = Guid.NewGuid().ToString("N")[..8];
        var now = DateTimeOffset.UtcNow;
        var day = new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);
        await _history.RunAsync($"{prefix}_dag", $"{prefix}_old", "success", day, now.AddDays(-200));
        await _history.RunAsync($"{prefix}_dag", $"{prefix}_latest", "success", day.AddDays(1), now.AddDays(-200));
        var service = new MetadataCleanupService(Read(("OlderThan", "90d"))!, _dataSource, new PostgresMetadataStore(_dataSource), TimeProvider.System, NullLogger<MetadataCleanupService>.Instance);
        await using var other = await _dataSource.OpenConnectionAsync();
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", other))
        {
            take.Parameters.AddWithValue("key", 0x6461_7465_6e67_6c01L);
            await take.ExecuteScalarAsync();
        }

        Assert.Null(await service.CleanAsync(CancellationToken.None));
        Assert.Contains($"{prefix}_old", await _history.RunIdsAsync());

        await using (var release = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", other))
        {
            await release.ExecuteScalarAsync();
        }

        Assert.True(await service.CleanAsync(CancellationToken.None) >= 1);
        Assert.DoesNotContain($"{prefix}_old", await _history.RunIdsAsync());
    }

    [Fact]
    public void Read_NoOlderThan_IsOff() => Assert.Null(Read(("Schedule", "@daily")));

    [Theory]
    [InlineData("OlderThan", "soon", "DataEngineer:Cleanup:OlderThan is 'soon'; set an age such as 90d")]
    [InlineData("OlderThan", "2024-01-01", "DataEngineer:Cleanup:OlderThan is '2024-01-01'; set an age")]
    [InlineData("OlderThan", "0d", "DataEngineer:Cleanup:OlderThan is '0d'")]
    [InlineData("Schedule", "every night", "DataEngineer:Cleanup:Schedule is 'every night'; set a recurring cron expression")]
    [InlineData("Schedule", "@once", "DataEngineer:Cleanup:Schedule is '@once'; set a recurring cron expression")]
    [InlineData("KeepLast", "0", "DataEngineer:Cleanup:KeepLast is '0'; set a number of runs between 1 and 10000")]
    public void Read_Garbage_IsAnErrorNamingTheKey(string key, string value, string expected)
    {
        (string, string)[] settings = key == "OlderThan" ? [(key, value)] : [("OlderThan", "90d"), (key, value)];

        var error = Assert.Throws<OptionsValidationException>(() => Read(settings));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
