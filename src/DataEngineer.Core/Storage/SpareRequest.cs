namespace DataEngineer.Core.Storage;

/// <summary>
/// Which ready task a finishing try may hand its slot to: one of the same run and pool (so the DAG's and the pool's
/// occupancy do not change and no limit needs checking) on a queue the worker serves.
/// </summary>
public sealed record SpareRequest(string Pool, IReadOnlyCollection<string> Queues);
