using DataEngineer.Testing;

namespace DataEngineer.Postgres.Tests;

public sealed class EnsureDatabaseTests
{
    [Fact]
    public async Task EnsureDatabaseAsync_CalledTwice_CreatesDatabaseOnce()
    {
        var cluster = await PostgresTestCluster.SharedAsync();
        var name = UniqueName();

        await cluster.EnsureDatabaseAsync(name);
        await Sql.ExecuteAsync(cluster.ConnectionString(name), "CREATE TABLE survives_second_call (id int)");
        await cluster.EnsureDatabaseAsync(name);

        Assert.True(await Sql.DatabaseExistsAsync(cluster.ConnectionString(), name));
        Assert.Equal(0L, await Sql.ScalarAsync(cluster.ConnectionString(name), "SELECT count(*) FROM survives_second_call"));
    }

    [Fact]
    public async Task EnsureDatabaseAsync_ConcurrentCallers_AllSucceed()
    {
        var cluster = await PostgresTestCluster.SharedAsync();
        var name = UniqueName();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => cluster.EnsureDatabaseAsync(name))));

        Assert.True(await Sql.DatabaseExistsAsync(cluster.ConnectionString(), name));
    }

    [Fact]
    public async Task EnsureDatabaseAsync_KeywordName_CreatesQuotedDatabase()
    {
        var cluster = await PostgresTestCluster.SharedAsync();

        await cluster.EnsureDatabaseAsync("user");

        Assert.True(await Sql.DatabaseExistsAsync(cluster.ConnectionString(), "user"));
    }

    [Theory]
    [InlineData("x; DROP DATABASE postgres")]
    [InlineData("x\"; DROP DATABASE postgres; --")]
    [InlineData("Upper")]
    [InlineData("1st")]
    [InlineData("")]
    [InlineData("trailing_newline\n")]
    [InlineData("a123456789012345678901234567890123456789012345678901234567890123")]
    public async Task EnsureDatabaseAsync_InvalidName_RefusedWithClearMessage(string name)
    {
        var cluster = await PostgresTestCluster.SharedAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => cluster.EnsureDatabaseAsync(name));

        Assert.StartsWith($"'{name}' is not a valid database name: use 1 to 63 lowercase ASCII letters", error.Message, StringComparison.Ordinal);
        Assert.True(await Sql.DatabaseExistsAsync(cluster.ConnectionString(), "postgres"));
    }

    private static string UniqueName() => "ensure_" + Guid.NewGuid().ToString("N");
}
