namespace DataEngineer.Core.Storage;

/// <summary>Values tasks return or push, as JSON.</summary>
public interface IXComStore
{
    /// <summary>Stores or replaces a value.</summary>
    Task SetXComAsync(XComEntry entry, CancellationToken ct = default);

    Task<XComEntry?> GetXComAsync(RunKey key, string taskId, string xcomKey, CancellationToken ct = default);

    /// <summary>
    /// The values stored under <paramref name="xcomKey"/> by any of <paramref name="taskIds"/> in one read (a mapped task's
    /// instances' results for its downstream task); tasks with no such value are left out, the order is unspecified.
    /// </summary>
    Task<IReadOnlyList<XComEntry>> GetXComsAsync(RunKey key, IReadOnlyList<string> taskIds, string xcomKey, CancellationToken ct = default);
}
