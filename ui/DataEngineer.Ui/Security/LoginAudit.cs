using System.Collections.Concurrent;
using DataEngineer.Core.Storage;
using Microsoft.Extensions.Logging;

namespace DataEngineer.Ui.Security;

/// <summary>
/// Every login, failed login and lockout, in the engine log (<see cref="LoginLog"/>) and the audit log. The user name
/// is the one typed, whether or not it exists, cut to 64 characters with control characters replaced.
/// </summary>
public sealed class LoginAudit(IAuditLog audit, TimeProvider time, ILogger<LoginAudit> logger)
{
    private const int MaxNameLength = 64;

    // A lockout is audited once, not for every refused attempt during it: a flood must not flood the audit log.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _auditedLockouts = new(StringComparer.Ordinal);

    public async Task SucceededAsync(string userName, string address, CancellationToken ct)
    {
        LoginLog.Succeeded(logger, Shown(userName), address);
        await audit.AppendAuditAsync(new AuditEntry(time.GetUtcNow(), Shown(userName), "login.success", Shown(userName), $"from {address}"), ct);
    }

    public async Task FailedAsync(string typedName, string address, CancellationToken ct)
    {
        LoginLog.Failed(logger, Shown(typedName), address);
        await audit.AppendAuditAsync(new AuditEntry(time.GetUtcNow(), "anonymous", "login.failure", Shown(typedName), $"from {address}: wrong user name or password"), ct);
    }

    /// <summary>Logs every refused attempt; audits a lockout once, until <paramref name="until"/> (when attempts are accepted again).</summary>
    public async Task LockedOutAsync(string typedName, string address, DateTimeOffset until, CancellationToken ct)
    {
        var shown = Shown(typedName);
        LoginLog.LockedOut(logger, shown, address, until);
        var now = time.GetUtcNow();
        var key = shown + "\n" + address;
        if (_auditedLockouts.TryGetValue(key, out var audited) && audited > now)
        {
            return;
        }

        _auditedLockouts[key] = until;
        if (_auditedLockouts.Count > 10_000)
        {
            foreach (var ended in _auditedLockouts.Where(l => l.Value <= now).Select(l => l.Key).ToList())
            {
                _auditedLockouts.TryRemove(ended, out _);
            }
        }

        await audit.AppendAuditAsync(new AuditEntry(now, "anonymous", "login.lockout", shown, $"from {address}: too many attempts, refused until {until:u}"), ct);
    }

    private static string Shown(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "(empty)";
        }

        var cut = name.Length > MaxNameLength ? name[..MaxNameLength] + "…" : name;
        return string.Concat(cut.Select(c => char.IsControl(c) ? '?' : c));
    }
}
