namespace DataEngineer.Host.Api;

/// <summary><c>POST .../dagRuns/{run_id}/cancel</c>: with <c>dry_run</c>, only list the task instances a cancel would change.</summary>
internal sealed record CancelRunRequest(bool DryRun);
