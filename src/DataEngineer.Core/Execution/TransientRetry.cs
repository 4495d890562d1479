using Microsoft.Extensions.Logging;

namespace DataEngineer.Core.Execution;

/// <summary>
/// Retries a write that must not be lost — a try's result, its log — through a short database
/// outage (a restart, a failover): up to six attempts over about 15 s. The try keeps heartbeating
/// meanwhile, so it is not declared dead while its result waits to be recorded.
/// </summary>
internal static class TransientRetry
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(500);
    private const int Attempts = 6;

    public static async Task<T> RunAsync<T>(Func<Task<T>> write, TimeProvider time, ILogger logger, string what)
    {
        var delay = FirstDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await write();
            }
            catch (Exception e) when (attempt < Attempts && e is not (OperationCanceledException or KeyNotFoundException))
            {
                logger.LogWarning("Recording {What} failed (attempt {Attempt} of {Attempts}): {Error}; retrying in {Delay}", what, attempt, Attempts, e.Message, delay);
                await Task.Delay(delay, time);
                delay *= 2;
            }
        }
    }
}
