using DataEngineer.Core.States;
using DataEngineer.Core.Storage;

namespace DataEngineer.Core.Mapping;

/// <summary>
/// The instance ids of each mapped task among a run's task instances, in index order; those an expansion left behind
/// (<c>removed</c>) are left out. Built once per whole-run decision; states are read from the decision's current tasks.
/// </summary>
public sealed class MappedInstances
{
    private static readonly IReadOnlyList<string> NoInstances = [];
    private readonly Dictionary<string, IReadOnlyList<string>> _byTask;

    private MappedInstances(Dictionary<string, IReadOnlyList<string>> byTask) => _byTask = byTask;

    public static MappedInstances Of(IReadOnlyDictionary<string, TaskInstance> tasks)
    {
        var byTask = new Dictionary<string, List<(int Index, string Id)>>(StringComparer.Ordinal);
        foreach (var task in tasks.Values)
        {
            if (task.State != TaskInstanceState.Removed && MappedTaskId.TryParse(task.TaskId, out var taskId, out var index))
            {
                if (!byTask.TryGetValue(taskId, out var list))
                {
                    byTask[taskId] = list = [];
                }

                list.Add((index, task.TaskId));
            }
        }

        return new MappedInstances(byTask.ToDictionary(
            p => p.Key, p => (IReadOnlyList<string>)p.Value.OrderBy(i => i.Index).Select(i => i.Id).ToList(), StringComparer.Ordinal));
    }

    /// <summary>The instance ids of <paramref name="taskId"/>, in index order (none for a task that is not mapped or not expanded).</summary>
    public IReadOnlyList<string> Of(string taskId) => _byTask.GetValueOrDefault(taskId) ?? NoInstances;

    /// <summary>
    /// The states a downstream task's trigger rule sees for upstream <paramref name="upstream"/>: its instances' once
    /// it expanded (its own try succeeded and made instances), else its own.
    /// </summary>
    public IEnumerable<TaskInstanceState> StatesOf(TaskInstance upstream, IReadOnlyDictionary<string, TaskInstance> tasks) =>
        upstream.State == TaskInstanceState.Success && Of(upstream.TaskId) is { Count: > 0 } instances
            ? instances.Select(id => tasks[id].State)
            : [upstream.State];
}
