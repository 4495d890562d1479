namespace DataEngineer.Execution.Loading;

/// <summary>
/// One unit of the DAGs folder as the registry last loaded it (Airflow's <c>dags report</c> row): its name (a file, or a
/// folder ending in '/'), how long compiling (or reading the compiled-unit cache, or building a DAG project) and loading
/// its assembly took in this process, the DAGs it defines with their task counts, and its import errors.
/// </summary>
public sealed record DagUnitReport(string Unit, TimeSpan LoadTime, bool FromCache, IReadOnlyList<(string DagId, int Tasks)> Dags, int ImportErrors);
