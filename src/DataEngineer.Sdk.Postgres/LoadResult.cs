namespace DataEngineer.Sdk.Postgres;

/// <summary>What a load did. Re-running the same load gives 0 inserted, 0 updated.</summary>
/// <param name="Staged">Rows sent.</param>
/// <param name="Inserted">Rows added.</param>
/// <param name="Updated">Existing rows whose values changed.</param>
/// <param name="Deleted">Rows removed (Swap only: rows no longer among the staged rows).</param>
public sealed record LoadResult(long Staged, long Inserted, long Updated, long Deleted)
{
    /// <summary>Rows inserted or updated.</summary>
    public long Written => Inserted + Updated;
}
