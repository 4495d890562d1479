namespace DataEngineer.Core.Storage;

/// <summary>
/// Deletes what the metadata database holds about one DAG (Airflow's <c>dags delete</c>): its runs with their task
/// instances, tries, logs and XCom, and every other row that names the DAG. Only the PostgreSQL store implements it.
/// </summary>
public interface IDagDeletionStore
{
    /// <summary>Deletes the DAG's rows in batches and returns the rows deleted per table, in the order they were deleted.</summary>
    /// <exception cref="Operations.OperationException">A task instance of the DAG is running (409): nothing is deleted.</exception>
    Task<IReadOnlyList<TableRows>> DeleteDagAsync(string dagId, CancellationToken ct = default);
}
