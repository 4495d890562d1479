namespace DataEngineer.Sdk;

/// <summary>A task that returns a <typeparamref name="T"/>; pass it to downstream tasks to hand them the value.</summary>
/// <typeparam name="T">The task's return type, stored as JSON (XCom) between tasks.</typeparam>
public sealed class TaskRef<T> : TaskRef
{
    internal TaskRef(DagBuilder owner, string id)
        : base(owner, id)
    {
    }
}
