using DataEngineer.Core.Execution;
using DataEngineer.Core.Governance;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;
using DataEngineer.Sdk;

namespace DataEngineer.Core.Operations;

/// <summary>
/// What a person does to a DAG (pause, trigger), for the UI, the REST API and the CLI alike: each checks the
/// actor's role first, then acts, then writes who did what to the audit log. Actions on one run are
/// <see cref="RunOperations"/>, on backfills <see cref="BackfillOperations"/>; nothing that changes state goes around these classes.
/// </summary>
public sealed class DagOperations(IDagStore dagStore, IRunStore runs, IAuditLog audit, IDagRegistry dags, TimeProvider time)
{
    public async Task SetPausedAsync(Actor actor, string dagId, bool paused, CancellationToken ct)
    {
        Require(actor, Role.Operator, paused ? "pause a DAG" : "unpause a DAG");
        if (!await dagStore.SetPausedAsync(dagId, paused, ct))
        {
            throw new OperationException($"No DAG '{dagId}' is known to the metadata database.", 404);
        }

        await AuditAsync(actor, paused ? "dag.pause" : "dag.unpause", dagId, "", ct);
    }

    /// <summary>Queues a manual run with <paramref name="confJson"/> validated against the DAG's params.</summary>
    public async Task<DagRun> TriggerAsync(Actor actor, string dagId, string? confJson, DateTimeOffset? logicalDate, CancellationToken ct)
    {
        Require(actor, Role.Operator, "trigger a DAG");
        var graph = Graph(dagId);
        if (await dagStore.GetDagAsync(dagId, ct) is { IsPaused: true })
        {
            throw new OperationException($"DAG '{dagId}' is paused, so its run would never start. Unpause it first.", 409);
        }

        DagRun run;
        try
        {
            run = await ManualRuns.TriggerAsync(runs, graph, confJson, logicalDate, time, ct);
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

    /// <summary>Throws unless the actor holds at least <paramref name="role"/>.</summary>
    public static void Require(Actor actor, Role role, string what)
    {
        if (actor.Role is null)
        {
            throw new OperationDeniedException($"Log in to {what}.", authenticated: false);
        }

        if (actor.Role < role)
        {
            throw new OperationDeniedException($"{actor.Name} is a {Roles.Name(actor.Role.Value)}; to {what} takes the {Roles.Name(role)} role.", authenticated: true);
        }
    }

    private DagGraph Graph(string dagId) =>
        dags.Find(dagId) ?? throw new OperationException($"No DAG '{dagId}' is loaded in this web server.", 404);

    // Details quote what people typed (a run conf): secrets in them are masked before they are kept.
    private Task AuditAsync(Actor actor, string action, string target, string detail, CancellationToken ct) =>
        audit.AppendAuditAsync(new AuditEntry(time.GetUtcNow(), actor.Name, action, target, new PiiMasker([]).MaskText(detail)), ct);
}
