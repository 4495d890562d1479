using System.Collections.Concurrent;
using DataEngineer.Core.Execution;
using DataEngineer.Core.Storage;

namespace DataEngineer.Core.Tests.Fixtures;

/// <summary>A queue in memory: wakes a worker that serves the queue of each dispatched task, like Hangfire would.</summary>
public sealed class InProcessDispatcher : ITaskDispatcher
{
    private readonly List<(TaskWorker Worker, IReadOnlySet<string> Queues)> _workers = [];
    private readonly ConcurrentQueue<Task> _jobs = new();
    private int _next;
    private int _wakeUps;

    public ConcurrentQueue<TaskInstance> Dispatched { get; } = new();

    /// <summary>How many times the engine woke the queues (each call may stand for many tasks).</summary>
    public int WakeUps => _wakeUps;

    /// <summary>When false, dispatched tasks are recorded but never delivered (a lost queue message).</summary>
    public bool Deliver { get; set; } = true;

    public void Serve(TaskWorker worker, IReadOnlySet<string> queues) => _workers.Add((worker, queues));

    public Task DispatchAsync(IReadOnlyCollection<TaskInstance> queued, CancellationToken ct = default)
    {
        Interlocked.Increment(ref _wakeUps);
        foreach (var task in queued)
        {
            Dispatched.Enqueue(task);
            if (Deliver)
            {
                var candidates = _workers.Where(w => w.Queues.Contains(task.Queue)).ToList();
                var chosen = candidates[Interlocked.Increment(ref _next) % candidates.Count].Worker;
                _jobs.Enqueue(Task.Run(() => chosen.DrainQueueAsync(task.Queue, CancellationToken.None), CancellationToken.None));
            }
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
