using DataEngineer.Sdk.Testing;
using DataEngineer.Testing;
using Npgsql;
using Xunit;

namespace DataEngineer.Sdk.Postgres.Tests;

/// <summary>RecordDatasetAsync reads a table's row count, freshness, schema and tracked values from real PostgreSQL.</summary>
public sealed class DatasetObservationTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task RecordDataset_ReadsCountFreshnessSchemaAndValues()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await Warehouse.ExecuteAsync(connection, """
            CREATE SCHEMA IF NOT EXISTS dw;
            CREATE TABLE dw.orders (order_id bigint, status text, amount numeric(12, 2), updated_at timestamp);
            INSERT INTO dw.orders VALUES (1, 'shipped', 1, '2024-01-01 10:00'), (2, 'placed', 2, '2024-01-01 12:00'), (3, 'placed', 3, NULL), (4, NULL, 4, NULL);
            """);
        var context = ScratchDag.Context(new TaskTestEnvironment());
        var dataset = new Dataset("dw.orders")
        {
            FreshnessColumn = "updated_at",
            AcceptedValues = new Dictionary<string, IReadOnlyList<string>> { ["status"] = ["placed", "shipped"] },
        };

        var observation = await context.RecordDatasetAsync(connection, dataset, rowsWritten: 2);

        Assert.Same(observation, Assert.Single(context.Data.Datasets));
        Assert.Equal((4L, 2L), (observation.RowCount, observation.RowsWritten));
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 12, 0, 0, TimeSpan.Zero), observation.DataUpdatedAt);
        Assert.Equal(
            [new("order_id", "bigint"), new("status", "text"), new("amount", "numeric(12,2)"), new DatasetColumn("updated_at", "timestamp without time zone")],
            observation.Columns);
        Assert.Equal(["placed", "shipped"], observation.ColumnValues["status"]);
    }

    [Fact]
    public async Task RecordDataset_MeasuresTotalSizeAndRowEstimate_AcrossPartitions()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await Warehouse.ExecuteAsync(connection, """
            CREATE SCHEMA IF NOT EXISTS dw;
            CREATE TABLE dw.sized (id bigint PRIMARY KEY, note text);
            CREATE TABLE dw.sized_parts (id bigint, at date NOT NULL) PARTITION BY RANGE (at);
            CREATE TABLE dw.sized_parts_a PARTITION OF dw.sized_parts FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');
            CREATE TABLE dw.sized_parts_b PARTITION OF dw.sized_parts FOR VALUES FROM ('2024-02-01') TO ('2024-03-01');
            INSERT INTO dw.sized SELECT g, repeat('x', 50) FROM generate_series(1, 100) g;
            INSERT INTO dw.sized_parts SELECT g, DATE '2024-01-01' + (g % 50) FROM generate_series(1, 5000) g;
            """);
        var context = ScratchDag.Context(new TaskTestEnvironment());

        var small = await context.RecordDatasetAsync(connection, new Dataset("dw.sized"), rowsWritten: 100);
        await Warehouse.ExecuteAsync(connection, "INSERT INTO dw.sized SELECT g, repeat('x', 50) FROM generate_series(101, 10000) g; ANALYZE dw.sized; ANALYZE dw.sized_parts");
        var grown = await context.RecordDatasetAsync(connection, new Dataset("dw.sized"), rowsWritten: 9900);
        var parts = await context.RecordDatasetAsync(connection, new Dataset("dw.sized_parts"), rowsWritten: 5000);

        Assert.True(small.TotalBytes > 0, $"size {small.TotalBytes}");
        Assert.True(grown.TotalBytes > 10 * small.TotalBytes, $"100x the rows: {small.TotalBytes} -> {grown.TotalBytes} bytes");
        Assert.Equal(10_000L, grown.RowEstimate);
        Assert.Equal(5_000L, parts.RowEstimate);
        Assert.True(parts.TotalBytes >= 2 * 8192, $"two partitions hold data: {parts.TotalBytes} bytes");
    }
}
