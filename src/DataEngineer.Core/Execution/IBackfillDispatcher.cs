namespace DataEngineer.Core.Execution;

/// <summary>Hands a backfill to a worker, which creates and paces its runs.</summary>
public interface IBackfillDispatcher
{
    Task DispatchAsync(BackfillRequest request, CancellationToken ct = default);
}
