namespace DataEngineer.Host.Api;

/// <summary>A run that does not move, and why.</summary>
internal sealed record ApiStuckRun(ApiRun Run, string Reason);
