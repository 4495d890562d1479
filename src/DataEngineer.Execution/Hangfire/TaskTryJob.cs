using DataEngineer.Core.Execution;
using DataEngineer.Core.Storage;
using Hangfire;

namespace DataEngineer.Execution.Hangfire;

/// <summary>
/// The Hangfire job that carries one queued task to a worker. Hangfire's own retry is off: the
/// orchestrator owns retries, and the metadata store decides which try owns the task, so a job
/// delivered twice runs the task once.
/// </summary>
[AutomaticRetry(Attempts = 0)]
public sealed class TaskTryJob(TaskWorker worker)
{
    public Task RunAsync(string dagId, string runId, string taskId, CancellationToken cancellationToken) =>
        worker.RunQueuedAsync(new RunKey(dagId, runId), taskId, cancellationToken);
}
