namespace DataEngineer.Core.Storage;

/// <summary>What one locked update writes: changed task instances and, if it changed, the run.</summary>
public sealed record RunChanges(IReadOnlyList<TaskInstance> Tasks, DagRun? Run = null)
{
    public static RunChanges None { get; } = new([]);

    /// <summary>Dataset updates to record with these changes: a successful try's written datasets.</summary>
    public IReadOnlyList<DatasetEvent> DatasetEvents { get; init; } = [];

    /// <summary>XCom values to store with these changes: a successful try's outputs, committed with its success so the two always agree.</summary>
    public IReadOnlyList<XComEntry> XCom { get; init; } = [];

    /// <summary>The ending try's last log lines and trace ids, stored with its end.</summary>
    public TryTail? Tail { get; init; }

    public bool IsEmpty => Tasks.Count == 0 && Run is null;
}
