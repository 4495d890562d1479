using DataEngineer.Testing;
using Npgsql;

namespace DataEngineer.Postgres.Tests;

public sealed class PostgresDatabaseFixtureTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task ConnectionString_AsClassFixture_OpensTheFixtureDatabase()
    {
        Assert.Equal(fixture.DatabaseName, await Sql.ScalarAsync(fixture.ConnectionString, "SELECT current_database()"));
    }

    [Fact]
    public async Task InitializeAsync_TwoFixtures_GetIsolatedDatabases()
    {
        var first = new PostgresDatabaseFixture();
        var second = new PostgresDatabaseFixture();
        await first.InitializeAsync();
        await second.InitializeAsync();
        try
        {
            await Sql.ExecuteAsync(first.ConnectionString, "CREATE TABLE only_in_first (id int)");

            Assert.NotEqual(first.DatabaseName, second.DatabaseName);
            Assert.Equal(1L, await Sql.ScalarAsync(first.ConnectionString, "SELECT count(*) FROM pg_tables WHERE tablename = 'only_in_first'"));
            Assert.Equal(0L, await Sql.ScalarAsync(second.ConnectionString, "SELECT count(*) FROM pg_tables WHERE tablename = 'only_in_first'"));
        }
        finally
        {
            await first.DisposeAsync();
            await second.DisposeAsync();
        }
    }

    [Fact]
    public async Task DisposeAsync_WithConnectionStillOpen_DropsTheDatabase()
    {
        var cluster = await PostgresTestCluster.SharedAsync();
        var owned = new PostgresDatabaseFixture();
        await owned.InitializeAsync();
        await using var leaked = new NpgsqlConnection(owned.ConnectionString);
        await leaked.OpenAsync();

        await owned.DisposeAsync();

        Assert.False(await Sql.DatabaseExistsAsync(cluster.ConnectionString(), owned.DatabaseName));
    }
}
