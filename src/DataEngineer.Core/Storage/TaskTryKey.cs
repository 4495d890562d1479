namespace DataEngineer.Core.Storage;

/// <summary>Identifies one try of one task instance.</summary>
public readonly record struct TaskTryKey(string DagId, string RunId, string TaskId, int TryNumber)
{
    public RunKey Run => new(DagId, RunId);

    public override string ToString() => $"{DagId}/{RunId}/{TaskId}#{TryNumber}";
}
