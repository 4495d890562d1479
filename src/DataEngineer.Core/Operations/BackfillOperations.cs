using System.Globalization;
using DataEngineer.Core.Execution;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Sdk;

namespace DataEngineer.Core.Operations;

/// <summary>
/// What a person does to a backfill, for the UI, the REST API and the CLI alike: plan (dry run), start, pause, resume
/// and cancel. Each checks the actor's role, changes the stored backfill (the worker carrying it on stops creating
/// runs as soon as it is no longer running), and writes who did what to the audit log.
/// </summary>
public sealed class BackfillOperations(IBackfillStore backfills, IRunStore runs, IRunQueries queries, IAuditLog audit, IDagRegistry dags, TimeProvider time, IBackfillDispatcher? dispatcher = null)
{
    private static readonly BackfillState[] Cancellable = [BackfillState.Running, BackfillState.Paused];

    /// <summary>The intervals a backfill would run, without running anything (its dry run).</summary>
    public IReadOnlyList<DataInterval> Plan(Actor actor, BackfillRequest request)
    {
        DagOperations.Require(actor, Role.Operator, "plan a backfill");
        return PlanOf(request);
    }

    /// <summary>Stores the backfill and hands it to a worker, which creates and paces its runs.</summary>
    public async Task<BackfillRecord> CreateAsync(Actor actor, BackfillRequest request, CancellationToken ct)
    {
        DagOperations.Require(actor, Role.Operator, "backfill a DAG");
        var intervals = PlanOf(request);
        var workers = Dispatcher();
        var now = time.GetUtcNow();
        var backfill = await backfills.CreateBackfillAsync(new BackfillRecord
        {
            DagId = request.DagId, From = request.From, To = request.To, Reprocess = request.Reprocess, MaxActiveRuns = request.MaxActiveRuns,
            Intervals = intervals.Count, CreatedBy = actor.Name, CreatedAt = now, UpdatedAt = now,
        }, ct);
        await workers.DispatchAsync(backfill.Id, ct);
        await AuditAsync(actor, "backfill.create", backfill,
            $"from={request.From:O} to={request.To:O} reprocess={request.Reprocess} max_active_runs={request.MaxActiveRuns} intervals={intervals.Count}", ct);
        return backfill;
    }

    /// <summary>Stops a running backfill from creating runs; the runs it created go on.</summary>
    public async Task<BackfillRecord> PauseAsync(Actor actor, long id, CancellationToken ct)
    {
        DagOperations.Require(actor, Role.Operator, "pause a backfill");
        var backfill = await MoveAsync(id, [BackfillState.Running], BackfillState.Paused, ct);
        await AuditAsync(actor, "backfill.pause", backfill, "", ct);
        return backfill;
    }

    /// <summary>Lets a paused backfill create runs again, from where it stopped.</summary>
    public async Task<BackfillRecord> ResumeAsync(Actor actor, long id, CancellationToken ct)
    {
        DagOperations.Require(actor, Role.Operator, "resume a backfill");
        var workers = Dispatcher();
        var backfill = await MoveAsync(id, [BackfillState.Paused], BackfillState.Running, ct);
        await workers.DispatchAsync(id, ct);
        await AuditAsync(actor, "backfill.resume", backfill, "", ct);
        return backfill;
    }

    /// <summary>
    /// Cancels a running or paused backfill for good: no new runs, its queued runs are cancelled, and its running runs
    /// finish or are cancelled as <paramref name="mode"/> says (each cancelled run is audited as a run cancel too).
    /// </summary>
    public async Task<BackfillCancelResult> CancelAsync(Actor actor, long id, BackfillCancelMode mode, CancellationToken ct)
    {
        DagOperations.Require(actor, Role.Operator, "cancel a backfill");
        var backfill = await MoveAsync(id, Cancellable, BackfillState.Cancelled, ct);
        var runOperations = new RunOperations(runs, queries, audit, dags, time);
        var cancelled = new List<RunKey>();
        foreach (var run in RunsToCancel(await backfills.ListBackfillRunsAsync(id, ct), mode))
        {
            try
            {
                if ((await runOperations.CancelAsync(actor, run.Key, dryRun: false, ct)).Changes.Count > 0)
                {
                    cancelled.Add(run.Key);
                }
            }
            catch (OperationException e) when (e.StatusCode == 409)
            {
                // It ended meanwhile: nothing to cancel.
            }
        }

        await AuditAsync(actor, "backfill.cancel", backfill, $"running_runs={CancelModeName(mode)} cancelled_runs={cancelled.Count}", ct);
        return new BackfillCancelResult((await backfills.GetBackfillAsync(id, ct))!, cancelled);
    }

    /// <summary>The runs of a backfill a cancel with <paramref name="mode"/> stops: the queued ones, and the running ones if asked.</summary>
    public static IReadOnlyList<DagRun> RunsToCancel(IEnumerable<DagRun> runs, BackfillCancelMode mode) =>
        [.. runs.Where(r => r.State == DagRunState.Queued || (mode == BackfillCancelMode.Cancel && r.State == DagRunState.Running))];

    public static string CancelModeName(BackfillCancelMode mode) => mode == BackfillCancelMode.Cancel ? "cancel" : "finish";

    /// <summary>Reads <c>finish</c> or <c>cancel</c>, as people type them.</summary>
    /// <exception cref="OperationException">Anything else (400).</exception>
    public static BackfillCancelMode ParseCancelMode(string? text, string where) => text?.Trim().ToLowerInvariant() switch
    {
        "finish" => BackfillCancelMode.Finish,
        "cancel" => BackfillCancelMode.Cancel,
        _ => throw new OperationException($"{where} '{text}' is not one of finish (running runs go on to their end) or cancel (running runs are cancelled)."),
    };

    /// <summary>Reads a backfill id as people type it.</summary>
    /// <exception cref="OperationException">Not a positive whole number (400).</exception>
    public static long ParseId(string? text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : throw new OperationException($"The backfill id '{text}' is not a backfill id: ids are whole numbers such as 12. List the backfills to find one.");

    private async Task<BackfillRecord> MoveAsync(long id, BackfillState[] from, BackfillState to, CancellationToken ct)
    {
        if (await backfills.SetBackfillStateAsync(id, from, to, time.GetUtcNow(), ct))
        {
            return (await backfills.GetBackfillAsync(id, ct))!;
        }

        var current = await backfills.GetBackfillAsync(id, ct) ?? throw new OperationException($"No backfill {id}. List the backfills to find its id.", 404);
        var state = StateNames.Of(current.State);
        var message = current.State.IsFinished()
            ? $"Backfill {id} of '{current.DagId}' has already ended ({state}); it cannot be {Verb(to)}. Start a new backfill to run those intervals again."
            : $"Backfill {id} of '{current.DagId}' is already {state}.";
        throw new OperationException(message, 409);
    }

    private static string Verb(BackfillState to) => to switch
    {
        BackfillState.Paused => "paused",
        BackfillState.Running => "resumed",
        _ => "cancelled",
    };

    private IReadOnlyList<DataInterval> PlanOf(BackfillRequest request)
    {
        var graph = dags.Find(request.DagId) ?? throw new OperationException($"No DAG '{request.DagId}' is loaded in this process.", 404);
        try
        {
            return Backfill.Plan(graph, request);
        }
        catch (BackfillException e)
        {
            throw new OperationException(e.Message);
        }
    }

    private IBackfillDispatcher Dispatcher() => dispatcher ?? throw new OperationException("This process cannot hand backfills to workers.", 503);

    private Task AuditAsync(Actor actor, string action, BackfillRecord backfill, string detail, CancellationToken ct) =>
        audit.AppendAuditAsync(new AuditEntry(time.GetUtcNow(), actor.Name, action, $"{backfill.DagId}/backfills/{backfill.Id}", detail), ct);
}
