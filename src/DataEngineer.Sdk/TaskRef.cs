namespace DataEngineer.Sdk;

/// <summary>
/// A task in a DAG being defined. Use it to order tasks that exchange no data
/// (<c>load.After(extract)</c>); a task that returns a value is a <see cref="TaskRef{T}"/>, and
/// passing that to another task both orders them and delivers the value.
/// </summary>
public class TaskRef
{
    private readonly DagBuilder _owner;

    internal TaskRef(DagBuilder owner, string id)
    {
        _owner = owner;
        Id = id;
    }

    /// <summary>The task id.</summary>
    public string Id { get; }

    /// <summary>Runs this task after <paramref name="upstream"/> (subject to its trigger rule).</summary>
    /// <returns>This task, for chaining.</returns>
    public TaskRef After(params TaskRef[] upstream)
    {
        foreach (var task in upstream)
        {
            _owner.AddEdge(task.Id, Id);
        }

        return this;
    }

    /// <summary>Runs this task after the tasks with the given ids.</summary>
    /// <returns>This task, for chaining.</returns>
    public TaskRef After(params string[] upstreamIds)
    {
        foreach (var id in upstreamIds)
        {
            _owner.AddEdge(id, Id);
        }

        return this;
    }

    /// <summary>Runs <paramref name="downstream"/> after this task.</summary>
    /// <returns>This task, for chaining.</returns>
    public TaskRef Before(params TaskRef[] downstream)
    {
        foreach (var task in downstream)
        {
            _owner.AddEdge(Id, task.Id);
        }

        return this;
    }

    /// <inheritdoc />
    public override string ToString() => Id;
}
