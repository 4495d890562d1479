namespace DataEngineer.Core.Storage;

/// <summary>A page of the audit log and the number of entries in it.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, int Total);
