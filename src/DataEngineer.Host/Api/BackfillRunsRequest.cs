namespace DataEngineer.Host.Api;

/// <summary><c>POST /dags/{dag_id}/backfills</c>.</summary>
internal sealed record BackfillRunsRequest(DateTimeOffset? From, DateTimeOffset? To, string? Reprocess, int? MaxActiveRuns);
