using DataEngineer.Core.Execution;
using DataEngineer.Core.Storage;
using Hangfire;

namespace DataEngineer.Execution.Hangfire;

/// <summary>
/// Wakes the workers of queued tasks' queues and carries backfills, as Hangfire jobs on the tasks' queues: one wake-up
/// job per <see cref="ITaskDispatcher.TasksPerWakeUp"/> tasks of a queue, not one job per task.
/// </summary>
public sealed class HangfireDispatcher(IBackgroundJobClient client) : ITaskDispatcher, IBackfillDispatcher
{
    public const string BackfillQueue = Core.Validation.TaskSettings.DefaultQueue;

    public Task DispatchAsync(IReadOnlyCollection<TaskInstance> queued, CancellationToken ct = default)
    {
        foreach (var tasks in queued.GroupBy(t => t.Queue, StringComparer.Ordinal))
        {
            var queue = tasks.Key;
            for (var wakeUps = (tasks.Count() + ITaskDispatcher.TasksPerWakeUp - 1) / ITaskDispatcher.TasksPerWakeUp; wakeUps > 0; wakeUps--)
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
