using DataEngineer.Sdk.Testing;
using DataEngineer.Testing;
using Npgsql;
using Xunit;

namespace DataEngineer.Sdk.Postgres.Tests;

/// <summary>Incremental reads by a timestamp mark in real PostgreSQL.</summary>
public sealed class IncrementalExtractTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset Day = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly IncrementalSource Source = new("src.events", "updated_at", ["id"]) { InitialMark = Day.AddHours(2), UpperBound = Day.AddHours(10) };
    private NpgsqlConnection _connection = null!;

    public async Task InitializeAsync()
    {
        _connection = new NpgsqlConnection(database.ConnectionString);
        await _connection.OpenAsync();
        await Warehouse.ExecuteAsync(_connection, """
            CREATE SCHEMA IF NOT EXISTS src;
            CREATE TABLE IF NOT EXISTS src.events (id integer, updated_at timestamptz);
            TRUNCATE src.events;
            INSERT INTO src.events SELECT h, '2024-01-01T00:00:00Z'::timestamptz + make_interval(hours => h) FROM generate_series(0, 12) AS h;
            """);
    }

    public async Task DisposeAsync() => await _connection.DisposeAsync();

    [Fact]
    public async Task Read_NoStoredMark_StartsAtTheInitialMarkAndStopsBeforeTheUpperBound()
    {
        var context = ScratchDag.Context(new TaskTestEnvironment());

        var batch = await context.ReadIncrementalAsync(_connection, Source, r => r.GetInt32(0));

        Assert.Equal([2, 3, 4, 5, 6, 7, 8, 9], batch.Rows);
        Assert.Null(batch.PreviousMark);
        Assert.Equal(new WatermarkAdvance("t", "src.events", "2024-01-01T09:00:00.0000000+00:00"), batch.Advance);
        Assert.Empty(context.Data.Watermarks);
    }

    [Fact]
    public async Task Read_StoredMark_ReadsOnlyNewerRows()
    {
        var env = new TaskTestEnvironment();
        env.Watermarks[("t", "src.events")] = "2024-01-01T09:00:00.0000000+00:00";

        var batch = await ScratchDag.Context(env).ReadIncrementalAsync(_connection, Source with { UpperBound = null }, r => r.GetInt32(0));

        Assert.Equal([10, 11, 12], batch.Rows);
        Assert.Equal("2024-01-01T09:00:00.0000000+00:00", batch.PreviousMark);
        Assert.Equal("2024-01-01T12:00:00.0000000+00:00", batch.Advance!.Value);
    }

    [Fact]
    public async Task Read_NothingNew_HasNoAdvance()
    {
        var env = new TaskTestEnvironment();
        env.Watermarks[("t", "src.events")] = "2024-01-01T12:00:00Z";

        var batch = await ScratchDag.Context(env).ReadIncrementalAsync(_connection, Source with { UpperBound = null }, r => r.GetInt32(0));

        Assert.Empty(batch.Rows);
        Assert.Null(batch.Advance);
    }

    [Fact]
    public async Task Read_MarkPastTheUpperBound_ReadsNothingAndSaysHowToReset()
    {
        var env = new TaskTestEnvironment();
        env.Watermarks[("t", "src.events")] = "2024-01-02T00:00:00Z";

        var batch = await ScratchDag.Context(env).ReadIncrementalAsync(_connection, Source, r => r.GetInt32(0));

        Assert.Empty(batch.Rows);
        Assert.Contains(env.Logs, l => l.StartsWith("WARNING", StringComparison.Ordinal)
            && l.Contains("dataengineer watermarks reset scratch --task t --source src.events", StringComparison.Ordinal));
    }
}
