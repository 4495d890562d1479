using DataEngineer.Core.States;
using DataEngineer.Core.Storage;

namespace DataEngineer.Host.Api;

/// <summary>
/// A backfill as the REST API shows it (after Airflow 3's): what was asked, its state, who started it, and its runs
/// counted by state. <c>dag_runs</c> lists the runs themselves on <c>GET /backfills/{id}</c> only (null in lists).
/// </summary>
internal sealed record ApiBackfill(
    long Id, string DagId, DateTimeOffset FromDate, DateTimeOffset ToDate, string Reprocess, int MaxActiveRuns, int Intervals, string State,
    string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Runs, int UnfinishedRuns, int SucceededRuns, int FailedRuns,
    IReadOnlyList<ApiRun>? DagRuns)
{
    public static ApiBackfill Of(BackfillRecord b, IReadOnlyList<DagRun>? runs = null) => new(
        b.Id, b.DagId, b.From, b.To, b.Reprocess.ToString().ToLowerInvariant(), b.MaxActiveRuns, b.Intervals, StateNames.Of(b.State),
        b.CreatedBy, b.CreatedAt, b.UpdatedAt, b.Progress.Runs, b.Progress.Unfinished, b.Progress.Succeeded, b.Progress.Failed,
        runs?.Select(ApiRun.Of).ToList());
}
