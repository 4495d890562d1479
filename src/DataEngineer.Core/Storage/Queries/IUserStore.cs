namespace DataEngineer.Core.Storage;

/// <summary>Web users kept in the metadata database (the standalone admin); users may also come from configuration.</summary>
public interface IUserStore
{
    Task<UserAccount?> GetUserAsync(string userName, CancellationToken ct = default);

    /// <summary>Creates the user unless one with that name exists.</summary>
    /// <returns>True when this call created it.</returns>
    Task<bool> TryCreateUserAsync(UserAccount user, CancellationToken ct = default);
}
