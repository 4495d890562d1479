namespace DataEngineer.Core.Execution;

/// <summary>Hands a stored backfill to a worker, which creates and paces its runs.</summary>
public interface IBackfillDispatcher
{
    Task DispatchAsync(long backfillId, CancellationToken ct = default);
}
