namespace DataEngineer.Core.Storage;

/// <summary>
/// What a scoped update reads (<see cref="IRunStore.UpdateScopeAsync"/>): the run (not locked), the task instances
/// of the <see cref="TaskScope"/>, whether any other task of the run is waiting to run (scheduled, queued or up for
/// retry), the spare ready task locked for a hand-off, if one was asked for and found, and the limits' occupancy if
/// <see cref="TaskScope.LimitsOfPool"/> asked for it.
/// </summary>
public sealed record ScopedSnapshot(DagRun Run, IReadOnlyDictionary<string, TaskInstance> Tasks, bool OthersWaiting, TaskInstance? Spare)
{
    public Occupancy? Occupancy { get; init; }

    /// <summary>The scoped tasks (and the spare) as a partial <see cref="RunSnapshot"/>, for decisions that only touch them.</summary>
    public RunSnapshot AsRunSnapshot()
    {
        if (Spare is null)
        {
            return new RunSnapshot(Run, Tasks);
        }

        var tasks = new Dictionary<string, TaskInstance>(Tasks, StringComparer.Ordinal) { [Spare.TaskId] = Spare };
        return new RunSnapshot(Run, tasks);
    }
}
