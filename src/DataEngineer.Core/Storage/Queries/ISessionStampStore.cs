namespace DataEngineer.Core.Storage;

/// <summary>
/// Each web user's session stamp: a random value copied into their login cookie and compared on every request and
/// by live pages. Replacing it ends every session issued before it, in every web process.
/// </summary>
public interface ISessionStampStore
{
    /// <returns>The user's current stamp, or null when none was ever issued.</returns>
    Task<string?> GetSessionStampAsync(string userName, CancellationToken ct = default);

    /// <summary>Keeps the user's stamp, or stores <paramref name="candidate"/> when the user has none yet.</summary>
    /// <returns>The stamp the user has after this call.</returns>
    Task<string> EnsureSessionStampAsync(string userName, string candidate, DateTimeOffset at, CancellationToken ct = default);

    /// <summary>Replaces the user's stamp with <paramref name="stamp"/>: every session issued before ends.</summary>
    Task ReplaceSessionStampAsync(string userName, string stamp, DateTimeOffset at, CancellationToken ct = default);
}
