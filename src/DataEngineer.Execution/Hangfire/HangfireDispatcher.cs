using DataEngineer.Core.Execution;
using DataEngineer.Core.Storage;
using Hangfire;

namespace DataEngineer.Execution.Hangfire;

/// <summary>Queues task tries and backfills as Hangfire jobs, each task on its own queue.</summary>
public sealed class HangfireDispatcher(IBackgroundJobClient client) : ITaskDispatcher, IBackfillDispatcher
{
    public const string BackfillQueue = Core.Validation.TaskSettings.DefaultQueue;

    public Task DispatchAsync(TaskInstance task, CancellationToken ct = default)
    {
        client.Enqueue<TaskTryJob>(task.Queue, job => job.RunAsync(task.DagId, task.RunId, task.TaskId, CancellationToken.None));
        return Task.CompletedTask;
    }

    public Task DispatchAsync(long backfillId, CancellationToken ct = default)
    {
        client.Enqueue<BackfillJob>(BackfillQueue, job => job.RunAsync(backfillId, CancellationToken.None));
        return Task.CompletedTask;
    }
}
