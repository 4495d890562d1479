using System.Collections.Concurrent;
using DataEngineer.Core.Execution;
using DataEngineer.Core.Storage;

namespace DataEngineer.Integration.Tests.Telemetry;

/// <summary>Wakes one worker in this process for every queued task.</summary>
public sealed class ImmediateDispatcher : ITaskDispatcher
{
    private readonly ConcurrentQueue<Task> _jobs = new();

    public TaskWorker? Worker { get; set; }

    public Task DispatchAsync(IReadOnlyCollection<TaskInstance> queued, CancellationToken ct = default)
    {
        foreach (var task in queued)
        {
            _jobs.Enqueue(Task.Run(() => Worker!.DrainQueueAsync(task.Queue, CancellationToken.None), CancellationToken.None));
        }

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
