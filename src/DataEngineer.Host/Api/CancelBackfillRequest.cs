namespace DataEngineer.Host.Api;

/// <summary><c>POST /backfills/{id}/cancel</c>: <c>running_runs</c> is <c>finish</c> (the default: they go on to their end) or <c>cancel</c>.</summary>
internal sealed record CancelBackfillRequest(string? RunningRuns);
