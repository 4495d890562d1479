using DataEngineer.Core.Storage;
using Microsoft.Extensions.Logging;

namespace DataEngineer.Core.Execution;

/// <summary>
/// Wakes queues through the carrier (Hangfire) only for the queued tasks no worker has claimed after a grace period.
/// Workers listen to the store (<see cref="IQueuedTaskSignal"/>) and claim a task of their queues within milliseconds of
/// its queueing; the carrier's wake-up, which costs Hangfire tens of statements, is the at-least-once delivery behind
/// that fast path: it goes out for the tasks still queued when <see cref="Grace"/> has passed (no worker of the queue
/// listening with a free slot, a listener reconnecting). If the store cannot say, every task is woken. A process that
/// stops within the grace leaves its tasks to the scheduler, which wakes the queues of tasks queued too long
/// (<see cref="SchedulerOptions.RequeueAfter"/>); so does one disposed within the grace (the process stopping), whose
/// checks are dropped rather than run against a store that is going away.
/// </summary>
public sealed class UnclaimedTaskWakeUps(ITaskDispatcher carrier, IRunStore runs, TimeProvider time, ILogger<UnclaimedTaskWakeUps> logger) : ITaskDispatcher, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>How long a queued task is left to the listening workers before its queue is woken through the carrier.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);

    public Task DispatchAsync(IReadOnlyCollection<TaskInstance> queued, CancellationToken ct = default)
    {
        // The grace starts now, not when a thread picks the check up.
        _ = WakeUnclaimedAsync(queued, Task.Delay(Grace, time, _stopping.Token));
        return Task.CompletedTask;
    }

    public void Dispose() => _stopping.Cancel();

    private async Task WakeUnclaimedAsync(IReadOnlyCollection<TaskInstance> queued, Task grace)
    {
        try
        {
            await grace;
            IReadOnlyCollection<TaskInstance> unclaimed;
            try
            {
                unclaimed = await runs.ListStillQueuedAsync(queued);
            }
            catch (Exception e)
            {
                logger.LogWarning("Could not read which queued tasks are still unclaimed ({Error}); waking the queues of all {Count}", e.Message, queued.Count);
                unclaimed = queued;
            }

            if (unclaimed.Count > 0)
            {
                await carrier.DispatchAsync(unclaimed);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopped within the grace: the scheduler wakes the queues of tasks queued too long.
        }
        catch (Exception e)
        {
            logger.LogError(e, "Waking the queues of {Count} queued tasks failed; the scheduler wakes them when they have waited too long", queued.Count);
        }
    }
}
