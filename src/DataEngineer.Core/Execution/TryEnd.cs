using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;

namespace DataEngineer.Core.Execution;

/// <summary>A try's end as recorded: the run as it was right after (<paramref name="After"/> holds the task as it ended) and who recorded it.</summary>
public sealed record TryEnd(DagGraph Graph, RunSnapshot After, string TaskId, int TryNumber, TryEndedBy By)
{
    /// <summary>The task as this try left it, or null when the snapshot shows a later try (the report is stale).</summary>
    public TaskInstance? Task => After.Tasks.TryGetValue(TaskId, out var task) && task.TryNumber == TryNumber ? task : null;
}
