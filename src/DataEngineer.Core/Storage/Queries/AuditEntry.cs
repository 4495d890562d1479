namespace DataEngineer.Core.Storage;

/// <summary>One action: who (user or API key), what (e.g. <c>dag.pause</c>), on what, with which details, when.</summary>
public sealed record AuditEntry(DateTimeOffset At, string Actor, string Action, string Target, string Detail);
