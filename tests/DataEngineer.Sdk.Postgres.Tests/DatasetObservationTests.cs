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
}
