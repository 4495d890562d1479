using DataEngineer.Core.Validation;

namespace DataEngineer.Core.Retries;

/// <summary>
/// How long to wait before the next try. Without backoff: <c>RetryDelay</c>. With exponential
/// backoff: <c>RetryDelay * 2^(n-1)</c> after failed try <c>n</c>, capped at <c>MaxRetryDelay</c>
/// (Airflow's formula, without its jitter, so delays are predictable).
/// </summary>
public static class RetryPolicy
{
    public static TimeSpan DelayAfter(TaskSettings settings, int failedTryNumber)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedTryNumber, 1);
        if (!settings.RetryExponentialBackoff)
        {
            return settings.RetryDelay;
        }

        // Beyond 2^62 ticks the product overflows; the cap is reached long before.
        var exponent = Math.Min(failedTryNumber - 1, 62);
        var ticks = (double)settings.RetryDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= settings.MaxRetryDelay.Ticks ? settings.MaxRetryDelay : TimeSpan.FromTicks((long)ticks);
    }
}
