using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;

namespace DataEngineer.Core.Execution;

/// <summary>
/// Marking a task success or failed by hand (Airflow's "mark success/failed"): the task takes the
/// state without running, and the run is re-decided in the same update (<see cref="RunProgression.Redecide"/>):
/// downstream tasks that became ready are scheduled and the run's state follows its tasks. A running task is
/// left alone (no change): its try decides, and the caller tells the person so.
/// </summary>
public static class TaskMarks
{
    /// <exception cref="ArgumentException"><paramref name="state"/> is neither success nor failed.</exception>
    public static RunChanges Mark(DagGraph graph, RunSnapshot snapshot, string taskId, TaskInstanceState state, DateTimeOffset now)
    {
        if (state is not (TaskInstanceState.Success or TaskInstanceState.Failed))
        {
            throw new ArgumentException($"A task can be marked success or failed, not {StateNames.Of(state)}.", nameof(state));
        }

        if (!graph.Tasks.ContainsKey(taskId) || !snapshot.Tasks.TryGetValue(taskId, out var task)
            || task.State is TaskInstanceState.Running || task.State == state)
        {
            return RunChanges.None;
        }

        // Marking a mapped task marks its instances too (those not running).
        var instances = graph.Tasks[taskId].Definition.Mapping is null || Mapping.MappedTaskId.IsInstance(taskId)
            ? []
            : Mapping.MappedInstances.Of(snapshot.Tasks).Of(taskId).Select(id => snapshot.Tasks[id]).Where(i => i.State is not TaskInstanceState.Running && i.State != state);
        var marked = instances.Prepend(task).Select(t => Marked(t, state, now)).ToList();
        return RunProgression.Redecide(graph, snapshot, new RunChanges(marked), now);
    }

    private static TaskInstance Marked(TaskInstance task, TaskInstanceState state, DateTimeOffset now) => task with
    {
        State = state,
        EndedAt = now,
        StartedAt = task.StartedAt ?? now,
        NextTryAt = null,
        Error = state == TaskInstanceState.Failed ? "marked failed by hand" : null,
    };
}
