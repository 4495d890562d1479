using DataEngineer.Postgres.Metadata;
using Npgsql;

namespace DataEngineer.Postgres.Tests;

public sealed class ConflictRetryTests
{
    [Theory]
    [InlineData(PostgresErrorCodes.DeadlockDetected)]
    [InlineData(PostgresErrorCodes.SerializationFailure)]
    public async Task RunAsync_ConflictThenSuccess_RunsAgainAndReturnsTheResult(string sqlState)
    {
        var attempts = 0;

        var result = await ConflictRetry.RunAsync(() => ++attempts < 3 ? throw Error(sqlState) : Task.FromResult(attempts), CancellationToken.None);

        Assert.Equal(3, result);
    }

    [Fact]
    public async Task RunAsync_ConflictEveryTime_GivesUpAfterMaxAttempts()
    {
        var attempts = 0;

        var error = await Assert.ThrowsAsync<PostgresException>(() => ConflictRetry.RunAsync(
            () =>
            {
                attempts++;
                throw Error(PostgresErrorCodes.DeadlockDetected);
            },
            CancellationToken.None));

        Assert.Equal(ConflictRetry.MaxAttempts, attempts);
        Assert.Equal(PostgresErrorCodes.DeadlockDetected, error.SqlState);
    }

    [Fact]
    public async Task RunAsync_OtherError_IsNotRetried()
    {
        var attempts = 0;

        await Assert.ThrowsAsync<PostgresException>(() => ConflictRetry.RunAsync(
            () =>
            {
                attempts++;
                throw Error(PostgresErrorCodes.UniqueViolation);
            },
            CancellationToken.None));

        Assert.Equal(1, attempts);
    }

    private static PostgresException Error(string sqlState) => new("conflict", "ERROR", "ERROR", sqlState);
}
