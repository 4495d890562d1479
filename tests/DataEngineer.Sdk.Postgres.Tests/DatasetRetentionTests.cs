using DataEngineer.Sdk.Testing;
using DataEngineer.Testing;
using Npgsql;
using Xunit;

namespace DataEngineer.Sdk.Postgres.Tests;

/// <summary>Retention on real PostgreSQL: only rows older than the policy go (the cutoff itself stays), in batches, logged; bad names are refused.</summary>
public sealed class DatasetRetentionTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset End = new(2024, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Cutoff = End.AddDays(-400);
    private NpgsqlConnection _connection = null!;

    private static Dataset Events(string column = "happened_at", int days = 400) =>
        new("ret.events") { Retention = new RetentionPolicy(column, TimeSpan.FromDays(days)) };

    public async Task InitializeAsync()
    {
        _connection = new NpgsqlConnection(database.ConnectionString);
        await _connection.OpenAsync();
        // 25 rows before the cutoff (the newest one microsecond before it), one exactly at it, 10 after it, one with no time.
        await Warehouse.ExecuteAsync(_connection, """
            DROP SCHEMA IF EXISTS ret CASCADE; CREATE SCHEMA ret;
            CREATE TABLE ret.events (id integer PRIMARY KEY, happened_at timestamptz, on_day date, label text);
            INSERT INTO ret.events SELECT g, timestamptz '2023-04-28T00:00:00Z' - interval '1 microsecond' - (g - 1) * interval '1 day', NULL, 'old' FROM generate_series(1, 25) AS g;
            INSERT INTO ret.events VALUES (100, timestamptz '2023-04-28T00:00:00Z', NULL, 'cutoff');
            INSERT INTO ret.events SELECT 200 + g, timestamptz '2023-04-28T00:00:00Z' + g * interval '1 day', NULL, 'new' FROM generate_series(1, 10) AS g;
            INSERT INTO ret.events VALUES (300, NULL, NULL, 'unknown');
            """);
    }

    public async Task DisposeAsync() => await _connection.DisposeAsync();

    private static (TaskTestEnvironment Env, TaskContext Context) Task()
    {
        var env = new TaskTestEnvironment { DataInterval = new DataInterval(End.AddDays(-1), End) };
        return (env, ScratchDag.Context(env));
    }

    [Fact]
    public async Task Delete_RowsBeforeTheCutoffOnly_InBatches_Logged()
    {
        Assert.Equal(new DateTimeOffset(2023, 4, 28, 0, 0, 0, TimeSpan.Zero), Cutoff);
        var (env, context) = Task();

        var result = await context.DeleteExpiredRowsAsync(_connection, Events(), batchSize: 10);

        Assert.Equal(new RetentionResult("ret.events", "happened_at", TimeSpan.FromDays(400), Cutoff, 25, 3), result);
        Assert.Equal("cutoff,new,unknown", await Warehouse.ScalarAsync<string>(_connection, "SELECT string_agg(DISTINCT label, ',' ORDER BY label) FROM ret.events"));
        Assert.Equal(12L, await Warehouse.ScalarAsync<long>(_connection, "SELECT count(*) FROM ret.events"));
        Assert.Contains(env.Logs, l => l.Contains("Retention of ret.events: deleted 25 rows whose happened_at is before 2023-04-28T00:00:00Z", StringComparison.Ordinal));

        var again = await context.DeleteExpiredRowsAsync(_connection, Events(), batchSize: 10);
        Assert.Equal((0L, 1), (again.DeletedRows, again.Batches));
    }

    [Fact]
    public async Task Delete_DateColumn_ComparedAtMidnight()
    {
        await Warehouse.ExecuteAsync(_connection, "SET TIME ZONE 'UTC'; UPDATE ret.events SET on_day = happened_at::date");
        var (_, context) = Task();

        var result = await context.DeleteExpiredRowsAsync(_connection, Events("on_day"));

        // Rows on 2023-04-27 and before go; 2023-04-28 (the cutoff's day, at midnight) stays.
        Assert.Equal(25, result.DeletedRows);
        Assert.Equal(0L, await Warehouse.ScalarAsync<long>(_connection, "SELECT count(*) FROM ret.events WHERE on_day < date '2023-04-28'"));
    }

    [Theory]
    [InlineData("happened_at; DROP TABLE ret.events; --")]
    [InlineData("happened_at\" < now() OR \"1")]
    [InlineData("1st")]
    [InlineData("")]
    public async Task Delete_HostileColumn_RefusedNamingItAndNothingDeleted(string column)
    {
        var (_, context) = Task();

        var e = await Assert.ThrowsAsync<InvalidIdentifierException>(() => context.DeleteExpiredRowsAsync(_connection, Events(column)));

        Assert.Contains($"dataset ret.events retention column: '{column}' is not a valid SQL identifier", e.Message, StringComparison.Ordinal);
        Assert.Equal(37L, await Warehouse.ScalarAsync<long>(_connection, "SELECT count(*) FROM ret.events"));
    }

    [Fact]
    public async Task Delete_MissingOrNonTimeColumn_FailsTheTaskSayingWhy()
    {
        var (_, context) = Task();

        var missing = await Assert.ThrowsAsync<TaskFailedException>(() => context.DeleteExpiredRowsAsync(_connection, Events("created_at")));
        var text = await Assert.ThrowsAsync<TaskFailedException>(() => context.DeleteExpiredRowsAsync(_connection, Events("label")));
        var table = await Assert.ThrowsAsync<TaskFailedException>(() => context.DeleteExpiredRowsAsync(_connection, new Dataset("ret.nope") { Retention = new RetentionPolicy("x", TimeSpan.FromDays(1)) }));

        Assert.Equal("Retention of ret.events: the table has no column 'created_at'. Name an existing date or timestamp column in its RetentionPolicy.", missing.Message);
        Assert.Equal("Retention of ret.events: column 'label' is text; a retention policy needs a date or timestamp column.", text.Message);
        Assert.Contains("Retention of ret.nope: the table does not exist", table.Message, StringComparison.Ordinal);
        Assert.Equal(37L, await Warehouse.ScalarAsync<long>(_connection, "SELECT count(*) FROM ret.events"));
    }

    [Fact]
    public async Task Delete_NoPolicyOrNoTimeKept_ArgumentErrors()
    {
        var (_, context) = Task();

        var none = await Assert.ThrowsAsync<ArgumentException>(() => context.DeleteExpiredRowsAsync(_connection, new Dataset("ret.events")));
        var zero = await Assert.ThrowsAsync<ArgumentException>(() => context.DeleteExpiredRowsAsync(_connection, Events(days: 0)));

        Assert.Contains("has no retention policy", none.Message, StringComparison.Ordinal);
        Assert.Contains("give a positive duration", zero.Message, StringComparison.Ordinal);
    }
}
