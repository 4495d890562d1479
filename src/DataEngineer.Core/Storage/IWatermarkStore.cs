namespace DataEngineer.Core.Storage;

/// <summary>High-water marks of incremental extracts, per DAG, task and source.</summary>
public interface IWatermarkStore
{
    Task<Watermark?> GetWatermarkAsync(string dagId, string taskId, string source, CancellationToken ct = default);

    Task<IReadOnlyList<Watermark>> ListWatermarksAsync(string dagId, CancellationToken ct = default);

    /// <summary>Deletes the DAG's marks (only the task's, and only the source's, when given); returns how many.</summary>
    Task<int> ResetWatermarksAsync(string dagId, string? taskId, string? source, CancellationToken ct = default);
}
