using DataEngineer.Core.Execution;
using DataEngineer.Core.Storage;
using Hangfire;

namespace DataEngineer.Execution.Hangfire;

/// <summary>
/// Wakes the workers of queued tasks' queues and carries backfills, as Hangfire jobs on the tasks' queues: one wake-up
/// job per <see cref="TasksPerWakeUp"/> tasks of a queue, not one job per task.
/// </summary>
public sealed class HangfireDispatcher(IBackgroundJobClient client) : ITaskDispatcher, IBackfillDispatcher
{
    public const string BackfillQueue = Core.Validation.TaskSettings.DefaultQueue;

    /// <summary>
    /// Tasks one wake-up stands for: a woken worker claims as many as it has free slots (16 by default), so a batch
    /// wider than that wakes more workers, on other processes too.
    /// </summary>
    public const int TasksPerWakeUp = 16;

    public Task DispatchAsync(IReadOnlyCollection<TaskInstance> queued, CancellationToken ct = default)
    {
        foreach (var tasks in queued.GroupBy(t => t.Queue, StringComparer.Ordinal))
        {
            var queue = tasks.Key;
            for (var wakeUps = (tasks.Count() + TasksPerWakeUp - 1) / TasksPerWakeUp; wakeUps > 0; wakeUps--)
            {
                client.Enqueue<QueueWakeUpJob>(queue, job => job.RunAsync(queue, CancellationToken.None));
            }
        }

        return Task.CompletedTask;
    }

    public Task DispatchAsync(long backfillId, CancellationToken ct = default)
    {
        client.Enqueue<BackfillJob>(BackfillQueue, job => job.RunAsync(backfillId, CancellationToken.None));
        return Task.CompletedTask;
    }
}
