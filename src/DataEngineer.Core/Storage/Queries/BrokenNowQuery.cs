namespace DataEngineer.Core.Storage;

/// <summary>What counts as broken at <see cref="Now"/>: how far back failures count and how long a wait in the queue is too long.</summary>
public sealed record BrokenNowQuery
{
    public required DateTimeOffset Now { get; init; }

    /// <summary>Failed runs and failed checks older than this are history, not news.</summary>
    public TimeSpan FailedWithin { get; init; } = TimeSpan.FromDays(7);

    /// <summary>A run or task queued longer than this is stuck.</summary>
    public TimeSpan QueuedLongerThan { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>At most this many items of each kind, newest first.</summary>
    public int Limit { get; init; } = 100;
}
