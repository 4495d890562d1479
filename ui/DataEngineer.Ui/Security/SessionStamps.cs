using System.Security.Claims;
using System.Security.Cryptography;
using DataEngineer.Core.Storage;
using Microsoft.Extensions.Logging;

namespace DataEngineer.Ui.Security;

/// <summary>
/// Server-side sessions: a login cookie carries its user's session stamp, and it is honoured only while that stamp
/// is still the user's (checked on every request and by live pages). Logging out, or an admin revoking, replaces the
/// stamp, which ends every session of that user in every web process, copied cookies and open tabs included.
/// </summary>
public sealed class SessionStamps(ISessionStampStore store, IAuditLog audit, TimeProvider time, ILogger<SessionStamps> logger)
{
    /// <summary>The cookie claim holding the stamp the session was issued with.</summary>
    public const string ClaimType = "dataengineer.session";

    /// <summary>The claim to put in a new login cookie of <paramref name="userName"/>.</summary>
    public async Task<Claim> IssueAsync(string userName, CancellationToken ct) =>
        new(ClaimType, await store.EnsureSessionStampAsync(userName, NewStamp(), time.GetUtcNow(), ct));

    /// <summary>Whether a cookie's principal still holds its user's current stamp (false without a stamp).</summary>
    public async Task<bool> IsCurrentAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var name = user.Identity?.Name;
        var stamp = user.FindFirst(ClaimType)?.Value;
        return name is not null && stamp is not null && await store.GetSessionStampAsync(name, ct) is { } current
            && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(current), System.Text.Encoding.UTF8.GetBytes(stamp));
    }

    /// <summary>The user logs out: every session of theirs ends (other browsers and copied cookies too), audited.</summary>
    public async Task LogOutAsync(string userName, CancellationToken ct)
    {
        await EndAllAsync(userName, userName, "session.logout", ct);
        LoginLog.LoggedOut(logger, userName);
    }

    /// <summary>An admin (<paramref name="actor"/>, as the audit log names them) ends every session of <paramref name="userName"/>.</summary>
    public async Task RevokeAsync(string actor, string userName, CancellationToken ct)
    {
        await EndAllAsync(actor, userName, "session.revoke", ct);
        LoginLog.Revoked(logger, actor, userName);
    }

    private async Task EndAllAsync(string actor, string userName, string action, CancellationToken ct)
    {
        var at = time.GetUtcNow();
        await store.ReplaceSessionStampAsync(userName, NewStamp(), at, ct);
        await audit.AppendAuditAsync(new AuditEntry(at, actor, action, userName, "every session of this user ended"), ct);
    }

    private static string NewStamp() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
}
