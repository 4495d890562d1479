using DataEngineer.Core.Storage;

namespace DataEngineer.Core.Execution;

/// <summary>A DAG registry that knows the source text of the versions it compiled (the DAGs folder's).</summary>
public interface IDagCodeSource
{
    /// <returns>Null for a version this registry did not compile from source (a compiled assembly's DAG) or does not hold.</returns>
    DagCode? CodeOf(string dagId, string version);
}
