using DataEngineer.Core.Loading;

namespace DataEngineer.Core.Storage;

/// <summary>
/// What is broken right now across every DAG and dataset, for the on-call landing view and <c>GET /api/v1/broken</c>:
/// each list newest first, each item naming the DAG, run, try or dataset its page is.
/// </summary>
public sealed record BrokenNow
{
    /// <summary>Failed runs no later run of their DAG has succeeded after (by logical date).</summary>
    public IReadOnlyList<DagRun> FailedRuns { get; init; } = [];

    /// <summary>Runs marked running with no task scheduled, queued, running or up for retry, and runs queued too long.</summary>
    public IReadOnlyList<StuckRun> StuckRuns { get; init; } = [];

    /// <summary>Task instances queued longer than the threshold: no worker serves their queue or pool, or none is free.</summary>
    public IReadOnlyList<TaskInstance> QueuedTooLong { get; init; } = [];

    /// <summary>Task instances that failed a try and wait for the next (<see cref="TaskInstance.NextTryAt"/>).</summary>
    public IReadOnlyList<TaskInstance> UpForRetry { get; init; } = [];

    /// <summary>Datasets with an open freshness breach or older than their SLA.</summary>
    public IReadOnlyList<DatasetRecord> BreachedDatasets { get; init; } = [];

    /// <summary>Error-severity checks whose latest result failed.</summary>
    public IReadOnlyList<CheckRecord> FailedChecks { get; init; } = [];

    /// <summary>DAG files that did not load.</summary>
    public IReadOnlyList<DagImportError> ImportErrors { get; init; } = [];

    public int Count => FailedRuns.Count + StuckRuns.Count + QueuedTooLong.Count + UpForRetry.Count + BreachedDatasets.Count + FailedChecks.Count + ImportErrors.Count;
}
