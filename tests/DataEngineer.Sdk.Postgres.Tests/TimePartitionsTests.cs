using DataEngineer.Sdk.Testing;
using DataEngineer.Testing;
using Npgsql;
using Xunit;

namespace DataEngineer.Sdk.Postgres.Tests;

/// <summary>Time-partitioned tables in real PostgreSQL: partitions ahead, a partition replaced by a load, old ones dropped by retention.</summary>
public sealed class TimePartitionsTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private NpgsqlConnection _connection = null!;

    public async Task InitializeAsync()
    {
        _connection = new NpgsqlConnection(database.ConnectionString);
        await _connection.OpenAsync();
        await Warehouse.ExecuteAsync(_connection, "CREATE SCHEMA IF NOT EXISTS mart");
        await Warehouse.ExecuteAsync(_connection, "CREATE TABLE IF NOT EXISTS mart.fact_orders (order_id bigint NOT NULL, ordered_at timestamptz NOT NULL, amount numeric(10, 2)) PARTITION BY RANGE (ordered_at)");
        await Warehouse.ExecuteAsync(_connection, "CREATE TABLE IF NOT EXISTS mart.daily_visits (day date NOT NULL, visits int) PARTITION BY RANGE (day)");
    }

    public async Task DisposeAsync() => await _connection.DisposeAsync();

    private async Task<List<string>> PartitionsAsync(string parent)
    {
        await using var command = new NpgsqlCommand(
            "SELECT c.relname || ' ' || pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = @p::regclass ORDER BY 1", _connection);
        command.Parameters.AddWithValue("p", parent);
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    [Fact]
    public async Task MonthlyPartitions_CreatedAhead_LoadedIdempotently_DroppedByRetention()
    {
        await Warehouse.ExecuteAsync(_connection, "SET TimeZone = 'America/New_York'"); // bounds stay UTC whatever the session's zone
        var env = new TaskTestEnvironment();
        var context = ScratchDag.Context(env);

        var ensured = await context.EnsurePartitionsAsync(_connection, "mart.fact_orders", PartitionInterval.Month, new DateTimeOffset(2024, 1, 15, 0, 0, 0, TimeSpan.Zero), ahead: 3);
        await context.EnsurePartitionsAsync(_connection, "mart.fact_orders", PartitionInterval.Month, new DateTimeOffset(2024, 2, 1, 0, 0, 0, TimeSpan.Zero), ahead: 1);

        Assert.Equal(["mart.fact_orders_p2024_01", "mart.fact_orders_p2024_02", "mart.fact_orders_p2024_03", "mart.fact_orders_p2024_04"], ensured.Select(p => p.Name));
        await Warehouse.ExecuteAsync(_connection, "SET TimeZone = 'UTC'");
        Assert.Equal([
            "fact_orders_p2024_01 FOR VALUES FROM ('2024-01-01 00:00:00+00') TO ('2024-02-01 00:00:00+00')",
            "fact_orders_p2024_02 FOR VALUES FROM ('2024-02-01 00:00:00+00') TO ('2024-03-01 00:00:00+00')",
            "fact_orders_p2024_03 FOR VALUES FROM ('2024-03-01 00:00:00+00') TO ('2024-04-01 00:00:00+00')",
            "fact_orders_p2024_04 FOR VALUES FROM ('2024-04-01 00:00:00+00') TO ('2024-05-01 00:00:00+00')"], await PartitionsAsync("mart.fact_orders"));

        // Load February twice: the partition holds the second load's rows only.
        var feb = new DateTimeOffset(2024, 2, 10, 0, 0, 0, TimeSpan.Zero);
        (long Id, DateTimeOffset At, decimal Amount)[] rows = [(1, feb, 10m), (2, feb.AddDays(3), 20m)];
        string[] columns = ["order_id", "ordered_at", "amount"];
        Assert.Equal(2, await context.LoadPartitionAsync(_connection, "mart.fact_orders", PartitionInterval.Month, feb, columns, rows, r => [r.Id, r.At, r.Amount]));
        Assert.Equal(2, await context.LoadPartitionAsync(_connection, "mart.fact_orders", PartitionInterval.Month, feb, columns, rows, r => [r.Id, r.At, r.Amount]));
        Assert.Equal(2L, await Warehouse.ScalarAsync<long>(_connection, "SELECT count(*) FROM mart.fact_orders_p2024_02"));
        Assert.Equal(2L, await Warehouse.ScalarAsync<long>(_connection, "SELECT count(*) FROM mart.fact_orders"));
        var recorded = Assert.Single(context.Data.Datasets);  // both loads: one write of the parent table, rows added up
        Assert.Equal(("mart.fact_orders", 2L, 4L), (recorded.Dataset.Name, recorded.RowCount, recorded.RowsWritten));

        // The dataset of another table is refused before anything is written.
        var wrong = await Assert.ThrowsAsync<ArgumentException>(() => context.LoadPartitionAsync(_connection, "mart.fact_orders", PartitionInterval.Month, feb, columns,
            rows, r => [r.Id, r.At, r.Amount], new Dataset("mart.fact_order")));
        Assert.Contains("Load of a partition of mart.fact_orders: the dataset given is mart.fact_order; give the dataset of the partitioned table.", wrong.Message, StringComparison.Ordinal);

        // A row outside the partition fails the load and leaves the partition as it was.
        var error = await Assert.ThrowsAsync<LoadValidationException>(() => context.LoadPartitionAsync(_connection, "mart.fact_orders", PartitionInterval.Month, feb, columns,
            [(3L, new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero), 5m)], r => [r.Item1, r.Item2, r.Item3]));
        Assert.Contains("a row falls outside the partition's range", error.Message);
        Assert.Equal(2L, await Warehouse.ScalarAsync<long>(_connection, "SELECT count(*) FROM mart.fact_orders_p2024_02"));

        // Retention: everything that ended by March 1 goes; February's rows with it.
        var dropped = await context.DropPartitionsAsync(_connection, "mart.fact_orders", PartitionInterval.Month, new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(["mart.fact_orders_p2024_01", "mart.fact_orders_p2024_02"], dropped.Select(p => p.Name));
        Assert.Equal(["fact_orders_p2024_03", "fact_orders_p2024_04"], (await PartitionsAsync("mart.fact_orders")).Select(p => p.Split(' ')[0]));
        Assert.Equal(0L, await Warehouse.ScalarAsync<long>(_connection, "SELECT count(*) FROM mart.fact_orders"));
        Assert.Equal(0L, await Warehouse.ScalarAsync<long>(_connection, "SELECT count(*) FROM pg_tables WHERE tablename = 'fact_orders_p2024_02'"));
        Assert.Contains(env.Logs, l => l.Contains("Partition mart.fact_orders_p2024_02 [2024-02-01, 2024-03-01) dropped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DailyPartitionsOnADateColumn_DetachOnly_KeepsTheTable()
    {
        var context = ScratchDag.Context(new TaskTestEnvironment());
        await context.EnsurePartitionsAsync(_connection, "mart.daily_visits", PartitionInterval.Day, new DateTimeOffset(2024, 5, 30, 13, 0, 0, TimeSpan.Zero), ahead: 2);

        Assert.Equal([
            "daily_visits_p2024_05_30 FOR VALUES FROM ('2024-05-30') TO ('2024-05-31')",
            "daily_visits_p2024_05_31 FOR VALUES FROM ('2024-05-31') TO ('2024-06-01')",
            "daily_visits_p2024_06_01 FOR VALUES FROM ('2024-06-01') TO ('2024-06-02')"], await PartitionsAsync("mart.daily_visits"));

        var detached = await context.DropPartitionsAsync(_connection, "mart.daily_visits", PartitionInterval.Day, new DateTimeOffset(2024, 5, 31, 0, 0, 0, TimeSpan.Zero), detachOnly: true);

        Assert.Equal(["mart.daily_visits_p2024_05_30"], detached.Select(p => p.Name));
        Assert.Equal(1L, await Warehouse.ScalarAsync<long>(_connection, "SELECT count(*) FROM pg_tables WHERE tablename = 'daily_visits_p2024_05_30'"));
        Assert.Equal(2, (await PartitionsAsync("mart.daily_visits")).Count);
    }

    [Fact]
    public async Task NotPartitionedOrHostileName_IsAClearError()
    {
        var context = ScratchDag.Context(new TaskTestEnvironment());
        await Warehouse.ExecuteAsync(_connection, "CREATE TABLE IF NOT EXISTS mart.plain (id int)");

        var plain = await Assert.ThrowsAsync<InvalidOperationException>(() => context.EnsurePartitionsAsync(_connection, "mart.plain", PartitionInterval.Day, DateTimeOffset.UtcNow, 1));
        Assert.Equal("mart.plain is not range-partitioned on one date or timestamp column. Create it with PARTITION BY RANGE (your_date_column) first.", plain.Message);
        await Assert.ThrowsAsync<InvalidIdentifierException>(() => context.EnsurePartitionsAsync(_connection, "mart.x; DROP TABLE mart.plain", PartitionInterval.Day, DateTimeOffset.UtcNow, 1));
    }
}
