using DataEngineer.Testing;
using Npgsql;

namespace DataEngineer.Postgres.Tests;

public sealed class LocalPostgresConnectionStringTests
{
    [Fact]
    public async Task ConnectionString_Default_IsLoopbackSuperuserOnPostgresDatabase()
    {
        var cluster = await PostgresTestCluster.SharedAsync();

        var builder = new NpgsqlConnectionStringBuilder(cluster.ConnectionString());

        Assert.Equal("127.0.0.1", builder.Host);
        Assert.Equal(cluster.Port, builder.Port);
        Assert.Equal("postgres", builder.Username);
        Assert.Equal("postgres", await Sql.ScalarAsync(cluster.ConnectionString(), "SELECT current_database()"));
        Assert.Equal(true, await Sql.ScalarAsync(cluster.ConnectionString(), "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"));
    }

    [Fact]
    public async Task ConnectionString_WrongPassword_IsRejectedByScramAuthentication()
    {
        var cluster = await PostgresTestCluster.SharedAsync();
        var wrong = new NpgsqlConnectionStringBuilder(cluster.ConnectionString()) { Password = "not-the-password" };

        var error = await Assert.ThrowsAsync<PostgresException>(() => Sql.ScalarAsync(wrong.ConnectionString, "SELECT 1"));

        Assert.Equal(PostgresErrorCodes.InvalidPassword, error.SqlState);
    }
}
