namespace DataEngineer.Core.Validation;

/// <summary>One problem with a DAG definition: where (DAG class, task) and what.</summary>
public sealed record DagValidationError(string DagClass, string DagId, string? TaskId, string Message)
{
    public override string ToString() => TaskId is null
        ? $"DAG '{DagId}' ({DagClass}): {Message}"
        : $"DAG '{DagId}' ({DagClass}), task '{TaskId}': {Message}";
}
