namespace DataEngineer.Core.Storage;

/// <summary>Named pools and their slots.</summary>
public interface IPoolStore
{
    Task SetPoolAsync(Pool pool, CancellationToken ct = default);

    Task<IReadOnlyList<Pool>> ListPoolsAsync(CancellationToken ct = default);
}
