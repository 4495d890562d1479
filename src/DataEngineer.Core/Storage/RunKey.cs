namespace DataEngineer.Core.Storage;

/// <summary>Identifies a DAG run: run ids are unique within a DAG.</summary>
public readonly record struct RunKey(string DagId, string RunId)
{
    public override string ToString() => $"{DagId}/{RunId}";
}
