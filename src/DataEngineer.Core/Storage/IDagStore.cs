using DataEngineer.Core.Loading;

namespace DataEngineer.Core.Storage;

/// <summary>The DAGs processes have loaded: their paused and active flags, every version seen, and the current import errors.</summary>
public interface IDagStore
{
    /// <summary>Records a loaded DAG; a new one starts paused if <paramref name="pausedAtCreation"/>, a known one keeps its flag.</summary>
    Task SyncDagAsync(DagRecord dag, bool pausedAtCreation, CancellationToken ct = default);

    Task<DagRecord?> GetDagAsync(string dagId, CancellationToken ct = default);

    Task<IReadOnlyList<DagRecord>> ListDagsAsync(CancellationToken ct = default);

    /// <returns>False when the store has no such DAG.</returns>
    Task<bool> SetPausedAsync(string dagId, bool paused, CancellationToken ct = default);

    /// <summary>Marks every DAG not in <paramref name="loadedDagIds"/> inactive (its file is gone); syncing a DAG makes it active again.</summary>
    Task DeactivateMissingAsync(IReadOnlyCollection<string> loadedDagIds, CancellationToken ct = default);

    /// <summary>Records a DAG version's structure unless the store already has it.</summary>
    Task RecordVersionAsync(DagStructure structure, DateTimeOffset seenAt, CancellationToken ct = default);

    Task<DagStructure?> GetVersionAsync(string dagId, string version, CancellationToken ct = default);

    /// <summary>Replaces the import errors with those of the latest load of the DAG sources.</summary>
    Task ReplaceImportErrorsAsync(IReadOnlyList<DagImportError> errors, CancellationToken ct = default);

    Task<IReadOnlyList<DagImportError>> ListImportErrorsAsync(CancellationToken ct = default);
}
