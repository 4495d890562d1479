namespace DataEngineer.Host.Api;

/// <summary>
/// <c>POST .../dagRuns/{run_id}/clear</c>: the tasks to clear (all when empty), only the failed ones of them, with their
/// upstream and/or downstream tasks; with <c>dry_run</c> nothing changes and the answer lists what would.
/// </summary>
internal sealed record ClearRunRequest(IReadOnlyList<string>? TaskIds, bool IncludeDownstream, bool IncludeUpstream, bool OnlyFailed, bool DryRun);
