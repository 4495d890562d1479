namespace DataEngineer.Host.Api;

/// <summary><c>PATCH .../dagRuns/{run_id}</c>: mark the run <c>success</c> or <c>failed</c>; <c>dry_run</c> lists what would change.</summary>
internal sealed record MarkRunRequest(string? State, bool DryRun);
