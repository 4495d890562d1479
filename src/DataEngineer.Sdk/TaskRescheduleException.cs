namespace DataEngineer.Sdk;

/// <summary>
/// Thrown (through <see cref="TaskContext.Reschedule"/>) to end a sensor's poke: the task gives its worker and pool slot back,
/// waits in <c>up_for_reschedule</c> and runs again after <see cref="Interval"/>. A poke does not count as a try.
/// </summary>
public sealed class TaskRescheduleException : Exception
{
    /// <summary>Ends the poke; the next one runs after <paramref name="interval"/>.</summary>
    /// <param name="interval">How long to wait before the next poke; positive.</param>
    /// <param name="timeout">How long the task may wait, counted from its first poke; positive, or null for no limit.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="interval"/> or <paramref name="timeout"/> is zero or negative.</exception>
    public TaskRescheduleException(TimeSpan interval, TimeSpan? timeout = null)
        : base($"Not ready: poking again in {interval}.")
    {
        if (interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval,
                $"A sensor's poke interval must be positive, not {interval}: pass the wait between two pokes, e.g. TimeSpan.FromMinutes(1).");
        }

        if (timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout,
                $"A sensor's timeout must be positive, not {timeout}: pass how long it may wait from its first poke, e.g. TimeSpan.FromHours(6), or null for no limit.");
        }

        Interval = interval;
        Timeout = timeout;
    }

    /// <summary>The wait before the next poke.</summary>
    public TimeSpan Interval { get; }

    /// <summary>How long the task may wait, counted from its first poke; null for no limit.</summary>
    public TimeSpan? Timeout { get; }
}
