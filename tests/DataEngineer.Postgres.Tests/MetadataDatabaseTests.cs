using DataEngineer.Postgres.Local;
using DataEngineer.Testing;

namespace DataEngineer.Postgres.Tests;

public sealed class MetadataDatabaseTests
{
    [Fact]
    public async Task ResolveAsync_NoConnectionStringAndNoBinaries_ThrowsOneParagraphNamingBothFixes()
    {
        var error = await Assert.ThrowsAsync<PostgresUnavailableException>(() => MetadataDatabase.ResolveAsync(
            new MetadataDatabaseOptions { PostgresBinDirectory = "/nonexistent/bin" }));

        Assert.Contains("ConnectionStrings__Metadata", error.Message, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings:Metadata", error.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install postgresql", error.Message, StringComparison.Ordinal);
        Assert.Contains("DataEngineer:PostgresBinDirectory", error.Message, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/bin", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task ResolveAsync_ConnectionStringConfigured_UsesItWithoutLocalServer()
    {
        const string configured = "Host=db.example;Database=meta;Username=de";

        await using var database = await MetadataDatabase.ResolveAsync(
            new MetadataDatabaseOptions { ConnectionString = configured, PostgresBinDirectory = "/nonexistent/bin" });

        Assert.Equal(configured, database.ConnectionString);
        Assert.Null(database.LocalServer);
    }

    [Fact]
    public async Task ResolveAsync_NoConnectionString_UsesLocalServerAndCreatesMetadataDatabase()
    {
        var cluster = await PostgresTestCluster.SharedAsync();
        var name = "meta_" + Guid.NewGuid().ToString("N");

        await using (var database = await MetadataDatabase.ResolveAsync(
            new MetadataDatabaseOptions { DataDirectory = cluster.DataDirectory, DatabaseName = name }))
        {
            Assert.NotNull(database.LocalServer);
            Assert.Equal(name, await Sql.ScalarAsync(database.ConnectionString, "SELECT current_database()"));
        }

        Assert.Equal(1, await Sql.ScalarAsync(cluster.ConnectionString(), "SELECT 1"));
    }
}
