using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;

namespace DataEngineer.Core.Operations;

/// <summary>
/// Deleting a DAG's metadata (Airflow's <c>dags delete</c>), for the REST API and the CLI alike: admins only, refused
/// while one of its task instances runs (as Airflow refuses), audited as <c>dag.delete</c> with the rows per table. The
/// audit log keeps its rows about the DAG (Airflow's <c>keep_records_in_log</c>). A DAG whose file is still loaded comes
/// back on the next scan, paused and without history.
/// </summary>
public sealed class DagDeletion(IDagStore dagStore, IAuditLog audit, IDagDeletionStore deletion, TimeProvider time)
{
    public async Task<IReadOnlyList<TableRows>> DeleteAsync(Actor actor, string dagId, CancellationToken ct)
    {
        DagOperations.Require(actor, Role.Admin, "delete a DAG's metadata");
        if (!Identifiers.IsValidId(dagId))
        {
            throw new OperationException($"'{dagId}' is not a DAG id: {Identifiers.IdRule}.");
        }

        if (await dagStore.GetDagAsync(dagId, ct) is null)
        {
            throw new OperationException($"No DAG '{dagId}' is known to the metadata database ('dags list' shows the loaded DAGs).", 404);
        }

        var deleted = await deletion.DeleteDagAsync(dagId, ct);
        var detail = string.Join(' ', deleted.Select(d => $"{d.Table}={d.Rows}"));
        await audit.AppendAuditAsync(new AuditEntry(time.GetUtcNow(), actor.Name, "dag.delete", dagId, detail), ct);
        return deleted;
    }
}
