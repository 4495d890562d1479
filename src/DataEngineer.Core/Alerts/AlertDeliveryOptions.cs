namespace DataEngineer.Core.Alerts;

/// <summary>How hard the deliverer tries: attempts, backoff between them, and its own pace.</summary>
public sealed record AlertDeliveryOptions
{
    /// <summary>Attempts per alert before it is marked failed (default 6).</summary>
    public int MaxAttempts { get; init; } = 6;

    /// <summary>The wait after the first failed attempt; it doubles after each one (default 10 seconds).</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait between attempts (default 10 minutes).</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>One attempt is abandoned (and counted as failed) after this long (default 15 seconds).</summary>
    public TimeSpan SendTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How often due alerts are looked for (default 5 seconds): alerts other processes recorded and retries that came
    /// due. An alert this process records is sent at once (<see cref="AlertSignal"/>).
    /// </summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Alerts claimed at once by one process.</summary>
    public int BatchSize { get; init; } = 20;

    /// <summary>The delay before attempt <paramref name="failedAttempts"/> + 1.</summary>
    public TimeSpan DelayAfter(int failedAttempts)
    {
        var doubled = FirstRetryDelay * Math.Pow(2, Math.Min(failedAttempts - 1, 30));
        return doubled > MaxRetryDelay ? MaxRetryDelay : doubled;
    }
}
