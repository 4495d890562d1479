namespace DataEngineer.Host.Api;

/// <summary>The intervals a backfill would run (a <c>dry_run</c>): nothing was created.</summary>
internal sealed record ApiBackfillPlan(string DagId, bool DryRun, IReadOnlyList<ApiInterval> Intervals);
