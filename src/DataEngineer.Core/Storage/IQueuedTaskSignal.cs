namespace DataEngineer.Core.Storage;

/// <summary>
/// Tells workers the moment a task of one of their queues is queued by any process, so a worker claims it then rather
/// than when the dispatcher's wake-up (<see cref="Execution.ITaskDispatcher"/>, a Hangfire job) reaches it. A hint beside
/// the wake-up, not instead of it: a worker that was not listening is still woken by the dispatcher, and a wake-up that
/// finds the task already claimed claims nothing. A task is heard when it becomes queued; the write's commit announces it
/// (none for a write rolled back).
/// </summary>
public interface IQueuedTaskSignal
{
    /// <summary>Starts listening for tasks queued on <paramref name="queues"/>; heard by the listener until it is disposed.</summary>
    Task<IQueuedTaskListener> ListenForTasksAsync(IReadOnlySet<string> queues, CancellationToken ct = default);
}
