using DataEngineer.Core.Execution;
using Hangfire;

namespace DataEngineer.Execution.Hangfire;

/// <summary>
/// The Hangfire job that wakes a worker serving a queue: the worker claims queued tasks of that queue from the metadata
/// store into its free slots. Hangfire's own retry is off: the store decides which worker owns a task, a wake-up
/// delivered twice claims nothing the first did not, and a lost one is made good by the scheduler, which wakes the
/// queue again for tasks queued too long.
/// </summary>
[AutomaticRetry(Attempts = 0)]
public sealed class QueueWakeUpJob(TaskWorker worker)
{
    public Task RunAsync(string queue, CancellationToken cancellationToken) => worker.DrainQueueAsync(queue, cancellationToken);
}
