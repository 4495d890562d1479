using DataEngineer.Core.Execution;
using DataEngineer.Core.Governance;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;
using DataEngineer.Sdk;
using DataEngineer.Ui.Security;

namespace DataEngineer.Ui.Operations;

/// <summary>
/// Every action the UI and the REST API offer: each checks the actor's role first, then acts, then
/// writes who did what to the audit log. Nothing that changes state goes around this class.
/// </summary>
public sealed class DagOperations(IMetadataStore store, IDagRegistry dags, TimeProvider time, IBackfillDispatcher? backfills = null)
{
    public async Task SetPausedAsync(Actor actor, string dagId, bool paused, CancellationToken ct)
    {
        Require(actor, UiRole.Operator, paused ? "pause a DAG" : "unpause a DAG");
        if (!await store.SetPausedAsync(dagId, paused, ct))
        {
            throw new OperationException($"No DAG '{dagId}' is known to the metadata database.", 404);
        }

        await AuditAsync(actor, paused ? "dag.pause" : "dag.unpause", dagId, "", ct);
    }

    /// <summary>Queues a manual run with <paramref name="confJson"/> validated against the DAG's params.</summary>
    public async Task<DagRun> TriggerAsync(Actor actor, string dagId, string? confJson, DateTimeOffset? logicalDate, CancellationToken ct)
    {
        Require(actor, UiRole.Operator, "trigger a DAG");
        var graph = Graph(dagId);
        if (await store.GetDagAsync(dagId, ct) is { IsPaused: true })
        {
            throw new OperationException($"DAG '{dagId}' is paused, so its run would never start. Unpause it first.", 409);
        }

        DagRun run;
        try
        {
            run = await ManualRuns.TriggerAsync(store, graph, confJson, logicalDate, time, ct);
        }
        catch (Exception e) when (e is RunConfException or LogicalDateException)
        {
            throw new OperationException(e.Message);
        }
        catch (DuplicateRunException e)
        {
            throw new OperationException($"{e.Message} Clear that run to run it again.", 409);
        }

        await AuditAsync(actor, "run.trigger", run.Key.ToString(), $"conf={run.ConfJson}", ct);
        return run;
    }

    /// <summary>Clears tasks of a run (all when <paramref name="taskIds"/> is empty) so they run again.</summary>
    public async Task<RunSnapshot> ClearAsync(Actor actor, RunKey key, IReadOnlyCollection<string> taskIds, bool downstream, CancellationToken ct)
    {
        Require(actor, UiRole.Operator, "clear tasks");
        var graph = Graph(key.DagId);
        var unknown = taskIds.Where(t => !graph.Tasks.ContainsKey(t)).ToList();
        if (unknown.Count > 0)
        {
            throw new OperationException($"DAG '{key.DagId}' has no task {string.Join(", ", unknown.Select(u => $"'{u}'"))}.");
        }

        var before = await RunAsync(key, ct);
        var selected = taskIds.Count > 0 ? taskIds : before.Tasks.Keys.ToArray();
        var after = await store.UpdateRunAsync(key, s => RunProgression.Clear(graph, s, selected, downstream), ct);
        await AuditAsync(actor, "task.clear", key.ToString(), $"tasks={string.Join(",", selected)} downstream={downstream}", ct);
        return after;
    }

    /// <summary>Marks a task success or failed without running it.</summary>
    public async Task<RunSnapshot> MarkAsync(Actor actor, RunKey key, string taskId, TaskInstanceState state, CancellationToken ct)
    {
        Require(actor, UiRole.Operator, "mark a task");
        var graph = Graph(key.DagId);
        if (state is not (TaskInstanceState.Success or TaskInstanceState.Failed))
        {
            throw new OperationException($"A task can be marked success or failed, not {StateNames.Of(state)}.");
        }

        var before = await RunAsync(key, ct);
        if (!before.Tasks.ContainsKey(taskId))
        {
            throw new OperationException($"Run '{key.RunId}' has no task '{taskId}'.", 404);
        }

        var now = time.GetUtcNow();
        var after = await store.UpdateRunAsync(key, s => TaskMarks.Mark(graph, s, taskId, state, now), ct);
        await AuditAsync(actor, "task.mark", $"{key}/{taskId}", $"state={StateNames.Of(state)}", ct);
        return after;
    }

    /// <summary>Hands a backfill to a worker; returns how many intervals it covers.</summary>
    public async Task<int> BackfillAsync(Actor actor, BackfillRequest request, CancellationToken ct)
    {
        Require(actor, UiRole.Operator, "backfill a DAG");
        var graph = Graph(request.DagId);
        IReadOnlyList<DataInterval> intervals;
        try
        {
            intervals = Backfill.Plan(graph, request);
        }
        catch (BackfillException e)
        {
            throw new OperationException(e.Message);
        }

        if (backfills is null)
        {
            throw new OperationException("This process cannot hand backfills to workers.", 503);
        }

        await backfills.DispatchAsync(request, ct);
        await AuditAsync(actor, "dag.backfill", request.DagId,
            $"from={request.From:O} to={request.To:O} reprocess={request.Reprocess} intervals={intervals.Count}", ct);
        return intervals.Count;
    }

    /// <summary>Throws unless the actor holds at least <paramref name="role"/>.</summary>
    public static void Require(Actor actor, UiRole role, string what)
    {
        if (actor.Role is null)
        {
            throw new OperationDeniedException($"Log in to {what}.", authenticated: false);
        }

        if (actor.Role < role)
        {
            throw new OperationDeniedException($"{actor.Name} is a {UiRoles.Name(actor.Role.Value)}; to {what} takes the {UiRoles.Name(role)} role.", authenticated: true);
        }
    }

    private DagGraph Graph(string dagId) =>
        dags.Find(dagId) ?? throw new OperationException($"No DAG '{dagId}' is loaded in this web server.", 404);

    private async Task<RunSnapshot> RunAsync(RunKey key, CancellationToken ct) =>
        await store.GetRunAsync(key, ct) ?? throw new OperationException($"DAG '{key.DagId}' has no run '{key.RunId}'.", 404);

    // Details quote what people typed (a run conf): secrets in them are masked before they are kept.
    private Task AuditAsync(Actor actor, string action, string target, string detail, CancellationToken ct) =>
        store.AppendAuditAsync(new AuditEntry(time.GetUtcNow(), actor.Name, action, target, new PiiMasker([]).MaskText(detail)), ct);
}
