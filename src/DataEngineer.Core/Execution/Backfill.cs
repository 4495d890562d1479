using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;
using DataEngineer.Sdk;
using Microsoft.Extensions.Logging;

namespace DataEngineer.Core.Execution;

/// <summary>
/// A stored backfill, carried on by a worker: plans the intervals, then creates their runs (type backfill) in order,
/// each linked to the backfill, keeping at most MaxActiveRuns of them unfinished, until every interval has a finished
/// run; then the backfill is done. It stops creating runs as soon as the backfill is paused or cancelled. It is
/// idempotent, so a backfill re-delivered after its worker died, or resumed, carries on where it was.
/// </summary>
public sealed class Backfill(IBackfillStore backfills, IRunStore runs, IRunQueries queries, IDagRegistry dags, TimeProvider time, ILogger<Backfill> logger)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    /// <summary>The intervals a request covers.</summary>
    /// <exception cref="BackfillException">From is after To, the range is past the DAG's end date, or it holds no interval.</exception>
    public static IReadOnlyList<DataInterval> Plan(DagGraph graph, BackfillRequest request)
    {
        if (request.From > request.To)
        {
            throw new BackfillException($"--from {Iso(request.From)} is after --to {Iso(request.To)}; give the earlier date first.");
        }

        foreach (var (date, option) in new[] { (request.From, "--from"), (request.To, "--to") })
        {
            if (date < LogicalDateRange.Min || date >= LogicalDateRange.Max)
            {
                throw new BackfillException($"{option} {Iso(date)} is outside the supported range {LogicalDateRange.Min:yyyy-MM-dd} to {LogicalDateRange.Max:yyyy-MM-dd}; give a date within it.");
            }
        }

        if (request.MaxActiveRuns < 1)
        {
            throw new BackfillException($"--max-active-runs is {request.MaxActiveRuns}; it must be at least 1.");
        }

        if (graph.Timetable.End is { } end && request.To > end)
        {
            throw new BackfillException($"--to {Iso(request.To)} is beyond DAG '{graph.DagId}''s end date {Iso(end)}; backfill up to the end date at most.");
        }

        var intervals = graph.Timetable.IntervalsBetween(request.From, request.To);
        if (intervals.Count == 0)
        {
            throw new BackfillException(
                $"DAG '{graph.DagId}' ({graph.Timetable.Description}) has no scheduled interval starting between {Iso(request.From)} and {Iso(request.To)}.");
        }

        return intervals;
    }

    /// <summary>
    /// Carries the stored backfill on until every interval has a finished run, or until someone pauses or cancels it
    /// (then it returns at once; resuming dispatches it again). Re-delivered, it skips the intervals it already linked.
    /// </summary>
    public async Task RunAsync(long backfillId, CancellationToken ct)
    {
        if (await backfills.GetBackfillAsync(backfillId, ct) is not { State: BackfillState.Running } backfill)
        {
            return;
        }

        var graph = dags.Find(backfill.DagId) ?? throw new BackfillException($"No DAG '{backfill.DagId}' is loaded on this worker.");
        var intervals = Plan(graph, backfill.Request);
        var linked = (await backfills.ListBackfillRunsAsync(backfillId, ct)).Select(r => r.LogicalDate).ToHashSet();
        var existing = (await queries.ListRunsAsync(graph.DagId, null, int.MaxValue, ct)).ToDictionary(r => r.LogicalDate);
        foreach (var interval in intervals.Where(i => !linked.Contains(i.Start)))
        {
            if (!await WaitForRoomAsync(backfillId, backfill.MaxActiveRuns, ct))
            {
                return;
            }

            if (existing.TryGetValue(interval.Start, out var run))
            {
                await TakeOverAsync(graph, backfill, run, ct);
                continue;
            }

            var (created, tasks) = DagRunFactory.Create(graph, DagRunType.Backfill, interval, RunConf.Empty, time.GetUtcNow());
            try
            {
                if (!await backfills.CreateBackfillRunAsync(backfillId, created, tasks, ct))
                {
                    return;
                }
            }
            catch (DuplicateRunException)
            {
                // The scheduler, a trigger or another backfill created it meanwhile: it is covered.
            }
        }

        if (await WaitForRoomAsync(backfillId, 1, ct) && await backfills.SetBackfillStateAsync(backfillId, [BackfillState.Running], BackfillState.Done, time.GetUtcNow(), ct))
        {
            var done = await backfills.GetBackfillAsync(backfillId, ct);
            logger.LogInformation("Backfill {Id} of {Dag} from {From} to {To} finished: {Runs} runs, {Failed} failed",
                backfillId, backfill.DagId, backfill.From, backfill.To, done?.Progress.Runs, done?.Progress.Failed);
        }
    }

    // An interval that already has a run (its own runs are linked as they are created, in one transaction): the run is
    // linked and cleared when the request re-runs it, else left alone.
    private async Task TakeOverAsync(DagGraph graph, BackfillRecord backfill, DagRun run, CancellationToken ct)
    {
        var rerun = backfill.Reprocess == Reprocess.All ? run.State.IsFinished() : backfill.Reprocess == Reprocess.Failed && run.State == DagRunState.Failed;
        if (!rerun || !await backfills.LinkBackfillRunAsync(backfill.Id, run, ct))
        {
            return;
        }

        await runs.UpdateRunAsync(run.Key, s => s.Run.State.IsFinished() ? RunProgression.Clear(graph, s, s.Tasks.Keys.ToList(), downstream: false, time.GetUtcNow()) : RunChanges.None, ct);
        if (await backfills.GetBackfillAsync(backfill.Id, ct) is { State: BackfillState.Cancelled })
        {
            // Cancelled between the link and the clear: the cancel did not see this run waiting, so it is cancelled here.
            await runs.UpdateRunAsync(run.Key, s => s.Run.State.IsFinished() ? RunChanges.None : RunMarks.Mark(s, DagRunState.Failed, "backfill cancelled", time.GetUtcNow()), ct);
        }
    }

    // True once fewer than limit of the backfill's runs are unfinished; false as soon as it is no longer running.
    private async Task<bool> WaitForRoomAsync(long backfillId, int limit, CancellationToken ct)
    {
        while (true)
        {
            switch (await backfills.GetBackfillAsync(backfillId, ct))
            {
                case not { State: BackfillState.Running }:
                    return false;
                case { Progress.Unfinished: var unfinished } when unfinished < limit:
                    return true;
            }

            await Task.Delay(Poll, time, ct);
        }
    }

    private static string Iso(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ");
}
