namespace DataEngineer.Core.Storage;

/// <summary>The source text of DAG versions loaded from the DAGs folder, kept beside their structure for the UI's code view.</summary>
public interface IDagCodeStore
{
    /// <summary>
    /// As <see cref="IDagStore.RecordVersionAsync"/>, with the version's source; a version already recorded
    /// without source (before the source was kept) gets it now, one recorded with source keeps its own.
    /// </summary>
    Task RecordVersionWithCodeAsync(DagStructure structure, DagCode code, DateTimeOffset seenAt, CancellationToken ct = default);

    /// <returns>Null when the version is unknown or has no source (a DAG from a compiled assembly).</returns>
    Task<DagCode?> GetVersionCodeAsync(string dagId, string version, CancellationToken ct = default);
}
