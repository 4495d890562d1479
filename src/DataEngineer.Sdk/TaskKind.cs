namespace DataEngineer.Sdk;

/// <summary>What the engine does with a task's result.</summary>
public enum TaskKind
{
    /// <summary>A task whose return value (if any) becomes its XCom.</summary>
    Normal,

    /// <summary>A branch: returns the ids of the direct downstream tasks to follow; the others are skipped.</summary>
    Branch,

    /// <summary>An approval: waits, holding no slot, for a person to approve or reject it (see <see cref="DagBuilder.Approval"/>); it never runs code.</summary>
    Approval,
}
