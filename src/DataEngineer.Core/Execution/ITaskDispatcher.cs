using DataEngineer.Core.Storage;

namespace DataEngineer.Core.Execution;

/// <summary>Hands a queued task instance to whichever worker serves its queue (Hangfire in production).</summary>
public interface ITaskDispatcher
{
    Task DispatchAsync(TaskInstance task, CancellationToken ct = default);
}
