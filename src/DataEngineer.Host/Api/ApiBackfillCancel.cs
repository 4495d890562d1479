namespace DataEngineer.Host.Api;

/// <summary>A cancelled backfill and the runs the cancellation cancelled.</summary>
internal sealed record ApiBackfillCancel(ApiBackfill Backfill, IReadOnlyList<string> CancelledRuns);
