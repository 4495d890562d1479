namespace DataEngineer.Core.Storage;

/// <summary>What every store checks before <see cref="IRunStore.CreateRunsAsync"/> writes a batch of new runs.</summary>
public static class NewRuns
{
    /// <exception cref="ArgumentException">A task instance has already started a try: such a run is created with <see cref="IRunStore.CreateRunAsync"/>.</exception>
    public static void CheckNotStarted(IReadOnlyList<(DagRun Run, IReadOnlyList<TaskInstance> Tasks)> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.SelectMany(r => r.Tasks).FirstOrDefault(t => t.ToTry() is not null) is { } started)
        {
            throw new ArgumentException(
                $"Task instance {started.TaskId} of run {started.RunId} has already started try {started.TryNumber}; a batch of new runs holds only task instances that have not started. Create that run with CreateRunAsync.",
                nameof(runs));
        }
    }
}
