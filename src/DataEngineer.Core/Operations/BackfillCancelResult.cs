using DataEngineer.Core.Storage;

namespace DataEngineer.Core.Operations;

/// <summary>A cancelled backfill and the runs of it the cancel stopped.</summary>
public sealed record BackfillCancelResult(BackfillRecord Backfill, IReadOnlyList<RunKey> CancelledRuns);
