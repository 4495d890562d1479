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

        var marked = task with
        {
            State = state,
            EndedAt = now,
            StartedAt = task.StartedAt ?? now,
            NextTryAt = null,
            Error = state == TaskInstanceState.Failed ? "marked failed by hand" : null,
        };
        return RunProgression.Redecide(graph, snapshot, new RunChanges([marked]), now);
    }
}
