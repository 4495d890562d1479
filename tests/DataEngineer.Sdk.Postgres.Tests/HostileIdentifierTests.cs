using DataEngineer.Sdk.Testing;
using DataEngineer.Testing;
using Npgsql;
using Xunit;

namespace DataEngineer.Sdk.Postgres.Tests;

/// <summary>A hostile table or column name is refused with a message naming it and where it was given; nothing runs.</summary>
public sealed class HostileIdentifierTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private const string Hostile = "id\"; DROP TABLE victims; --";

    [Theory]
    [InlineData(Hostile)]
    [InlineData("1st")]
    [InlineData("a b")]
    [InlineData("")]
    [InlineData("status)")]
    public void Checks_HostileColumn_AreRefused(string column)
    {
        var e = Assert.Throws<InvalidIdentifierException>(() => QualityCheck.NotNull(column));
        Assert.Contains($"not_null check column: '{column}' is not a valid SQL identifier", e.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidIdentifierException>(() => QualityCheck.Unique("id", column));
        Assert.Throws<InvalidIdentifierException>(() => QualityCheck.AcceptedValues(column, ["a"]));
        Assert.Throws<InvalidIdentifierException>(() => QualityCheck.Relationship("id", "customers", column));
        Assert.Throws<InvalidIdentifierException>(() => QualityCheck.Range(column, 0, 1));
        Assert.Throws<InvalidIdentifierException>(() => QualityCheck.Freshness(column, TimeSpan.FromHours(1)));
    }

    [Theory]
    [InlineData("a.b.c")]
    [InlineData("orders; DELETE FROM orders")]
    [InlineData("public.")]
    [InlineData("\"orders\"")]
    public void Tables_Hostile_AreRefused(string table)
    {
        var e = Assert.Throws<InvalidIdentifierException>(() => CheckTarget.Table(table));
        Assert.Contains("check target", e.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidIdentifierException>(() => QualityCheck.Relationship("id", table, "id"));
    }

    [Fact]
    public async Task LoadDatasetAndIncremental_HostileNames_AreRefusedBeforeAnySql()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await Warehouse.ExecuteAsync(connection, "CREATE TABLE IF NOT EXISTS victims (id bigint PRIMARY KEY)");
        var context = ScratchDag.Context(new TaskTestEnvironment());

        await Assert.ThrowsAsync<InvalidIdentifierException>(() => context.LoadAsync(connection, new LoadSpec("victims", [Hostile]) { Key = [Hostile] }, new[] { 1L }, r => [r]));
        await Assert.ThrowsAsync<InvalidIdentifierException>(() => context.RecordDatasetAsync(connection, new Dataset("victims; DROP TABLE victims"), 0));
        await Assert.ThrowsAsync<InvalidIdentifierException>(() => context.RecordDatasetAsync(connection, new Dataset("victims") { FreshnessColumn = Hostile }, 0));
        await Assert.ThrowsAsync<InvalidIdentifierException>(() => context.ReadIncrementalAsync(connection, new IncrementalSource("victims", Hostile, ["id"]), r => r.GetInt64(0)));

        Assert.Equal("victims", await Warehouse.ScalarAsync<string>(connection, "SELECT 'victims'::regclass::text"));
    }
}
