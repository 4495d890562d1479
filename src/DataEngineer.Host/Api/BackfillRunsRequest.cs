namespace DataEngineer.Host.Api;

/// <summary><c>POST /dags/{dag_id}/backfills</c>; with <c>dry_run</c> only the intervals it would run are listed.</summary>
internal sealed record BackfillRunsRequest(DateTimeOffset? From, DateTimeOffset? To, string? Reprocess, int? MaxActiveRuns, bool DryRun);
