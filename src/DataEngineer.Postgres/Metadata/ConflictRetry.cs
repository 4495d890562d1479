using Npgsql;

namespace DataEngineer.Postgres.Metadata;

/// <summary>
/// Runs a whole transaction again when PostgreSQL aborted it to resolve a conflict (a serialization failure or a
/// deadlock). Only for work that can safely repeat: the failed attempt was rolled back, and its inputs are pure.
/// </summary>
internal static class ConflictRetry
{
    public const int MaxAttempts = 5;

    public static async Task<T> RunAsync<T>(Func<Task<T>> attempt, CancellationToken ct)
    {
        for (var number = 1; ; number++)
        {
            try
            {
                return await attempt();
            }
            catch (PostgresException e) when (number < MaxAttempts && IsConflict(e))
            {
                // Jittered backoff, so the transactions that just collided do not collide again in lockstep.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 << number)), ct);
            }
        }
    }

    public static Task RunAsync(Func<Task> attempt, CancellationToken ct) => RunAsync(
        async () =>
        {
            await attempt();
            return true;
        },
        ct);

    private static bool IsConflict(PostgresException e) =>
        e.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected;
}
