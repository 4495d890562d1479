using DataEngineer.Core.Storage;

namespace DataEngineer.Core.Execution;

/// <summary>
/// Wakes the workers that serve the queues of queued task instances (in production Hangfire, for the tasks no worker
/// claimed on the store's own signal: <see cref="UnclaimedTaskWakeUps"/>). A wake-up carries no task:
/// a woken worker claims queued tasks of its queues from the store (<see cref="TaskWorker.DrainQueueAsync"/>), so one
/// wake-up stands for many tasks, and a wake-up delivered twice or late finds the store's answer and does no harm.
/// </summary>
public interface ITaskDispatcher
{
    /// <summary>
    /// Tasks one wake-up stands for: a woken worker claims as many as it has free slots (16 by default), so a batch
    /// wider than that wakes more workers, on other processes too.
    /// </summary>
    const int TasksPerWakeUp = 16;

    Task DispatchAsync(IReadOnlyCollection<TaskInstance> queued, CancellationToken ct = default);
}
