namespace DataEngineer.Core.Storage;

/// <summary>
/// The source text a DAG version was compiled from: the file declaring the DAG's class first, then
/// the other files of its unit (a DAGs-folder subfolder compiles as one unit).
/// </summary>
public sealed record DagCode(IReadOnlyList<DagCodeFile> Files);
