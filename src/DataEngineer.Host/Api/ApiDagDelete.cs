namespace DataEngineer.Host.Api;

/// <summary>
/// What a DELETE of a DAG removed: the rows per table, and whether the DAG is still loaded from the DAGs folder (then
/// the next scan brings it back, paused and without history, as in Airflow).
/// </summary>
internal sealed record ApiDagDelete(string DagId, IReadOnlyDictionary<string, long> Tables, bool StillLoaded);
