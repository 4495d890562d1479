using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;

namespace DataEngineer.Core.Mapping;

/// <summary>
/// What a mapped task's successful expansion does to its run: instance rows <c>task[0]</c> to <c>task[n-1]</c> are
/// created (<c>none</c>, for the trigger rule to decide like any task), or reset with fresh retries when the task was
/// cleared and expands again; instances of an earlier, longer expansion become <c>removed</c>.
/// </summary>
public static class MapExpansion
{
    /// <summary>The XCom key under which each instance finds its element.</summary>
    public const string ItemKey = "map_item";

    /// <summary>The XCom key under which the mapped task records how many instances it expanded to.</summary>
    public const string LengthKey = "map_length";

    public static IReadOnlyList<TaskInstance> Instances(TaskNode node, TaskInstance parent, IReadOnlyDictionary<string, TaskInstance> tasks, int length)
    {
        var changed = new List<TaskInstance>(length);
        for (var index = 0; index < length; index++)
        {
            var id = MappedTaskId.Of(node.Id, index);
            changed.Add(tasks.GetValueOrDefault(id) is { } earlier
                ? earlier with
                {
                    State = TaskInstanceState.None,
                    MaxTries = earlier.TryNumber + node.Settings.MaxTries,
                    StartedAt = null,
                    EndedAt = null,
                    QueuedAt = null,
                    NextTryAt = null,
                    Error = null,
                }
                : new TaskInstance
                {
                    DagId = parent.DagId,
                    RunId = parent.RunId,
                    TaskId = id,
                    MaxTries = node.Settings.MaxTries,
                    Queue = parent.Queue,
                    Pool = parent.Pool,
                    PriorityWeight = parent.PriorityWeight,
                });
        }

        foreach (var stale in tasks.Values.Where(t => t.State != TaskInstanceState.Removed
            && MappedTaskId.TryParse(t.TaskId, out var taskId, out var index) && taskId == node.Id && index >= length))
        {
            changed.Add(stale with { State = TaskInstanceState.Removed, EndedAt = parent.EndedAt, Error = $"'{node.Id}' expanded to {length} instances since" });
        }

        return changed;
    }
}
