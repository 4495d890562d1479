using System.Collections.Concurrent;
using DataEngineer.Core.Execution;
using DataEngineer.Core.Storage;

namespace DataEngineer.Core.Tests.Fixtures;

/// <summary>A queue in memory: hands each dispatched task to a worker that serves its queue, like Hangfire would.</summary>
public sealed class InProcessDispatcher : ITaskDispatcher
{
    private readonly List<(TaskWorker Worker, IReadOnlySet<string> Queues)> _workers = [];
    private readonly ConcurrentQueue<Task> _jobs = new();
    private int _next;

    public ConcurrentQueue<TaskInstance> Dispatched { get; } = new();

    /// <summary>When false, dispatched tasks are recorded but never delivered (a lost queue message).</summary>
    public bool Deliver { get; set; } = true;

    public void Serve(TaskWorker worker, IReadOnlySet<string> queues) => _workers.Add((worker, queues));

    public Task DispatchAsync(TaskInstance task, CancellationToken ct = default)
    {
        Dispatched.Enqueue(task);
        if (Deliver)
        {
            var candidates = _workers.Where(w => w.Queues.Contains(task.Queue)).ToList();
            var chosen = candidates[Interlocked.Increment(ref _next) % candidates.Count].Worker;
            _jobs.Enqueue(Task.Run(() => chosen.RunQueuedAsync(task.Run, task.TaskId, CancellationToken.None), CancellationToken.None));
        }

        return Task.CompletedTask;
    }

    /// <summary>Waits for every delivered job (and the local work each led to).</summary>
    public async Task DrainAsync()
    {
        while (_jobs.TryDequeue(out var job))
        {
            await job;
        }
    }
}
