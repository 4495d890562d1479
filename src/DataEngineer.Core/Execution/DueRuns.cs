namespace DataEngineer.Core.Execution;

/// <summary>
/// What one look at a DAG's closed intervals did: the runs it <paramref name="Created"/>, and whether more closed
/// intervals are <paramref name="Waiting"/> for a run slot (the DAG is at MaxActiveRuns with a catchup backlog).
/// </summary>
public readonly record struct DueRuns(int Created, bool Waiting);
