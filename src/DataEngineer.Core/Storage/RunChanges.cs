namespace DataEngineer.Core.Storage;

/// <summary>What one locked update writes: changed task instances and, if it changed, the run.</summary>
public sealed record RunChanges(IReadOnlyList<TaskInstance> Tasks, DagRun? Run = null)
{
    public static RunChanges None { get; } = new([]);

    /// <summary>Dataset updates to record with these changes: a successful try's written datasets.</summary>
    public IReadOnlyList<DatasetEvent> DatasetEvents { get; init; } = [];

    public bool IsEmpty => Tasks.Count == 0 && Run is null;
}
