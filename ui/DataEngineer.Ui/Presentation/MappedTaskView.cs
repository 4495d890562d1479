using DataEngineer.Core.Mapping;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;

namespace DataEngineer.Ui.Presentation;

/// <summary>
/// A mapped task as one row: its instances in index order, how many are in each state, and the state the row shows
/// (the most urgent of its instances' once it expanded, else its own).
/// </summary>
public sealed record MappedTaskView(TaskInstance Task, IReadOnlyList<TaskInstance> Instances)
{
    /// <summary>The task's instances in <paramref name="run"/> (none for a task that is not mapped or did not expand).</summary>
    public static MappedTaskView Of(RunSnapshot run, TaskInstance task) =>
        new(task, [.. MappedInstances.Of(run.Tasks).Of(task.TaskId).Select(id => run.Tasks[id])]);

    public bool IsExpanded => Instances.Count > 0;

    public TaskInstanceState State => IsExpanded && Task.State == TaskInstanceState.Success
        ? StateUrgency.MostUrgent(Instances.Select(i => i.State)) ?? Task.State
        : Task.State;

    /// <summary>Instances per state, most urgent first.</summary>
    public IReadOnlyList<(TaskInstanceState State, int Count)> Counts =>
        [.. StateUrgency.Order.Select(s => (s, Instances.Count(i => i.State == s))).Where(c => c.Item2 > 0)];

    /// <summary>"3 instances: 2 success, 1 failed".</summary>
    public string Summary => $"{Instances.Count} instances: {string.Join(", ", Counts.Select(c => $"{c.Count} {StateNames.Of(c.State)}"))}";
}
