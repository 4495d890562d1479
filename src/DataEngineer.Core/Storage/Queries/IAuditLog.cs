namespace DataEngineer.Core.Storage;

/// <summary>Who did what, when: every action that changes state, from the UI or the API.</summary>
public interface IAuditLog
{
    Task AppendAuditAsync(AuditEntry entry, CancellationToken ct = default);

    /// <summary>Newest first.</summary>
    Task<AuditPage> ListAuditAsync(int offset, int limit, CancellationToken ct = default);
}
