using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;
using DataEngineer.Sdk;
using Microsoft.Extensions.Logging;

namespace DataEngineer.Core.Execution;

/// <summary>
/// A backfill: plans the intervals, then creates their runs (type backfill) in order, keeping at most
/// MaxActiveRuns of them unfinished, until every interval has a finished run. It runs on a worker
/// and is idempotent, so a backfill re-delivered after its worker died carries on where it was.
/// </summary>
public sealed class Backfill(IMetadataStore store, IDagRegistry dags, TimeProvider time, ILogger<Backfill> logger)
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

    public async Task RunAsync(BackfillRequest request, CancellationToken ct)
    {
        var graph = dags.Find(request.DagId) ?? throw new BackfillException($"No DAG '{request.DagId}' is loaded on this worker.");
        var intervals = Plan(graph, request);
        var existing = (await store.ListRunsAsync(graph.DagId, null, int.MaxValue, ct)).ToDictionary(r => r.LogicalDate);
        var mine = new List<RunKey>();
        foreach (var interval in intervals)
        {
            await WaitForRoomAsync(mine, request.MaxActiveRuns, ct);
            if (existing.TryGetValue(interval.Start, out var run))
            {
                if (await ReprocessAsync(graph, run, request.Reprocess, ct))
                {
                    mine.Add(run.Key);
                }

                continue;
            }

            var (created, tasks) = DagRunFactory.Create(graph, DagRunType.Backfill, interval, RunConf.Empty, time.GetUtcNow());
            try
            {
                await store.CreateRunAsync(created, tasks, ct);
                mine.Add(created.Key);
            }
            catch (DuplicateRunException)
            {
                // A re-delivered backfill, or the scheduler, created it meanwhile: it is covered.
            }
        }

        await WaitForRoomAsync(mine, 1, ct);
        logger.LogInformation("Backfill of {Dag} from {From} to {To} finished: {Runs} runs", request.DagId, request.From, request.To, mine.Count);
    }

    private async Task<bool> ReprocessAsync(DagGraph graph, DagRun run, Reprocess reprocess, CancellationToken ct)
    {
        var rerun = reprocess == Reprocess.All ? run.State.IsFinished() : reprocess == Reprocess.Failed && run.State == DagRunState.Failed;
        if (!rerun)
        {
            return false;
        }

        await store.UpdateRunAsync(run.Key, s => RunProgression.Clear(graph, s, s.Tasks.Keys.ToList(), downstream: false, time.GetUtcNow()), ct);
        return true;
    }

    private async Task WaitForRoomAsync(List<RunKey> runs, int limit, CancellationToken ct)
    {
        while (true)
        {
            var unfinished = 0;
            foreach (var key in runs)
            {
                if (await store.GetRunAsync(key, ct) is { } snapshot && !snapshot.Run.State.IsFinished())
                {
                    unfinished++;
                }
            }

            if (unfinished < limit)
            {
                return;
            }

            await Task.Delay(Poll, time, ct);
        }
    }

    private static string Iso(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ");
}
