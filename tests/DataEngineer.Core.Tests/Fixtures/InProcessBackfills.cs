using System.Collections.Concurrent;
using DataEngineer.Core.Execution;

namespace DataEngineer.Core.Tests.Fixtures;

/// <summary>Runs each dispatched backfill on the thread pool, as a worker's Hangfire job would, and keeps the jobs to await.</summary>
public sealed class InProcessBackfills(Backfill backfill, CancellationToken stop) : IBackfillDispatcher
{
    public ConcurrentQueue<Task> Jobs { get; } = new();

    public Task DispatchAsync(long backfillId, CancellationToken ct = default)
    {
        Jobs.Enqueue(Task.Run(() => backfill.RunAsync(backfillId, stop), CancellationToken.None));
        return Task.CompletedTask;
    }

    /// <summary>Waits until every job dispatched so far has returned (a paused or cancelled backfill's job returns at once).</summary>
    public Task AllReturnedAsync() => Task.WhenAll(Jobs);
}
