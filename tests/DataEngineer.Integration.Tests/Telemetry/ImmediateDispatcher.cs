using System.Collections.Concurrent;
using DataEngineer.Core.Execution;
using DataEngineer.Core.Storage;

namespace DataEngineer.Integration.Tests.Telemetry;

/// <summary>Hands every queued task straight to one worker in this process.</summary>
public sealed class ImmediateDispatcher : ITaskDispatcher
{
    private readonly ConcurrentQueue<Task> _jobs = new();

    public TaskWorker? Worker { get; set; }

    public Task DispatchAsync(TaskInstance task, CancellationToken ct = default)
    {
        _jobs.Enqueue(Task.Run(() => Worker!.RunQueuedAsync(task.Run, task.TaskId, CancellationToken.None), CancellationToken.None));
        return Task.CompletedTask;
    }

    public async Task DrainAsync()
    {
        while (_jobs.TryDequeue(out var job))
        {
            await job;
        }
    }
}
