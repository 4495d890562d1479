namespace DataEngineer.Sdk;

/// <summary>
/// A group of tasks made by <see cref="DagBuilder.Group"/>. Use it as a task: <c>load.After(extract)</c> runs
/// <c>load</c> after the group's last tasks, <c>extract.After(start)</c> runs the group's first tasks after <c>start</c>.
/// </summary>
public sealed class TaskGroup : TaskRef
{
    internal TaskGroup(DagBuilder owner, string id)
        : base(owner, id)
    {
    }
}
