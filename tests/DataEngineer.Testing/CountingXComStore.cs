using DataEngineer.Core.Storage;

namespace DataEngineer.Testing;

/// <summary>An XCom store that counts the reads made through it (one-value reads and batched reads apart), over a real store.</summary>
public sealed class CountingXComStore(IXComStore inner) : IXComStore
{
    private int _singleReads;
    private int _batchedReads;

    public int SingleReads => _singleReads;

    public int BatchedReads => _batchedReads;

    public Task SetXComAsync(XComEntry entry, CancellationToken ct = default) => inner.SetXComAsync(entry, ct);

    public Task<XComEntry?> GetXComAsync(RunKey key, string taskId, string xcomKey, CancellationToken ct = default)
    {
        Interlocked.Increment(ref _singleReads);
        return inner.GetXComAsync(key, taskId, xcomKey, ct);
    }

    public Task<IReadOnlyList<XComEntry>> GetXComsAsync(RunKey key, IReadOnlyList<string> taskIds, string xcomKey, CancellationToken ct = default)
    {
        Interlocked.Increment(ref _batchedReads);
        return inner.GetXComsAsync(key, taskIds, xcomKey, ct);
    }
}
