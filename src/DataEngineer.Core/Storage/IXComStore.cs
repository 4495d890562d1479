namespace DataEngineer.Core.Storage;

/// <summary>Values tasks return or push, as JSON.</summary>
public interface IXComStore
{
    /// <summary>Stores or replaces a value.</summary>
    Task SetXComAsync(XComEntry entry, CancellationToken ct = default);

    Task<XComEntry?> GetXComAsync(RunKey key, string taskId, string xcomKey, CancellationToken ct = default);
}
