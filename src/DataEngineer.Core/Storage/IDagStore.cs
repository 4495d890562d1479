namespace DataEngineer.Core.Storage;

/// <summary>The DAGs processes have loaded, and their paused flags.</summary>
public interface IDagStore
{
    /// <summary>Records a loaded DAG; a new one starts paused if <paramref name="pausedAtCreation"/>, a known one keeps its flag.</summary>
    Task SyncDagAsync(DagRecord dag, bool pausedAtCreation, CancellationToken ct = default);

    Task<DagRecord?> GetDagAsync(string dagId, CancellationToken ct = default);

    Task<IReadOnlyList<DagRecord>> ListDagsAsync(CancellationToken ct = default);

    /// <returns>False when the store has no such DAG.</returns>
    Task<bool> SetPausedAsync(string dagId, bool paused, CancellationToken ct = default);
}
