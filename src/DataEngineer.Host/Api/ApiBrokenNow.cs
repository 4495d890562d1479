using DataEngineer.Core.Storage;

namespace DataEngineer.Host.Api;

/// <summary>
/// What is broken now across all DAGs and datasets (<c>GET /api/v1/broken</c>), the same lists as the UI's "Broken now" page;
/// <see cref="Count"/> counts every list, runs past their deadline included.
/// </summary>
internal sealed record ApiBrokenNow(
    int Count, IReadOnlyList<ApiRun> FailedRuns, IReadOnlyList<ApiStuckRun> StuckRuns, IReadOnlyList<ApiTaskInstance> QueuedTooLong,
    IReadOnlyList<ApiTaskInstance> UpForRetry, IReadOnlyList<ApiDataset> BreachedDatasets, IReadOnlyList<ApiCheckResult> FailedChecks,
    IReadOnlyList<ApiImportError> ImportErrors, IReadOnlyList<ApiLateRun> PastDeadline)
{
    public static ApiBrokenNow Of(BrokenNow broken, IReadOnlyList<DeadlineMiss> late, DateTimeOffset now) => new(
        broken.Count + late.Count,
        broken.FailedRuns.Select(ApiRun.Of).ToList(),
        broken.StuckRuns.Select(s => new ApiStuckRun(ApiRun.Of(s.Run), s.Reason)).ToList(),
        broken.QueuedTooLong.Select(ApiTaskInstance.Of).ToList(),
        broken.UpForRetry.Select(ApiTaskInstance.Of).ToList(),
        broken.BreachedDatasets.Select(d => ApiDataset.Of(d, now)).ToList(),
        broken.FailedChecks.Select(ApiCheckResult.Of).ToList(),
        broken.ImportErrors.Select(e => new ApiImportError(e.Source, e.DagId, e.Line, e.Message)).ToList(),
        late.Select(m => new ApiLateRun(m.DagId, m.RunId, m.DeadlineAt, m.MissedAt)).ToList());
}
