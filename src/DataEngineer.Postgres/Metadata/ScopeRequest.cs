using DataEngineer.Core.Storage;

namespace DataEngineer.Postgres.Metadata;

/// <summary>One scoped update (<see cref="PostgresMetadataStore.UpdateScopeAsync"/>) on its way to the database, alone or in a group of steps.</summary>
internal sealed class ScopeRequest(RunKey key, TaskScope scope, Func<ScopedSnapshot, RunChanges?> decide)
{
    public RunKey Key { get; } = key;

    public TaskScope Scope { get; } = scope;

    public Func<ScopedSnapshot, RunChanges?> Decide { get; } = decide;

    /// <summary>The task instances the update locks, as the statements take them.</summary>
    public string[] Locked { get; } = [.. scope.Locked];

    /// <summary>What was written (null if the decision wrote nothing), or why not; continuations run off the writer's path.</summary>
    public TaskCompletionSource<ScopedSnapshot?> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>What the current attempt wrote for this update (null: nothing), once its transaction committed.</summary>
    public ScopedSnapshot? Written { get; set; }

    /// <summary>Why the current attempt wrote nothing for this update: its decision threw.</summary>
    public Exception? Failure { get; set; }

    /// <summary>Forgets a rolled-back attempt's outcome before the next.</summary>
    public void Reset()
    {
        Written = null;
        Failure = null;
    }

    /// <summary>Hands the committed attempt's outcome to the caller.</summary>
    public void Complete()
    {
        if (Failure is not null)
        {
            Result.TrySetException(Failure);
        }
        else
        {
            Result.TrySetResult(Written);
        }
    }

    /// <summary>
    /// Whether both updates touch a task instance of the same run, locked or read: two such decisions in one transaction
    /// would each read the other's task as it was before, so they go in different transactions, as separate steps would.
    /// </summary>
    public bool Overlaps(ScopeRequest other) =>
        Key == other.Key && Scope.Locked.Concat(Scope.Read).Intersect(other.Scope.Locked.Concat(other.Scope.Read), StringComparer.Ordinal).Any();
}
