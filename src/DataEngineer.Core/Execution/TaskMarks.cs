using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;

namespace DataEngineer.Core.Execution;

/// <summary>
/// Marking a task success or failed by hand (Airflow's "mark success/failed"): the task takes the
/// state without running, and a finished run goes back to queued so the scheduler re-decides its
/// downstream tasks and its state. A running task is left alone: its try decides.
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
        var run = snapshot.Run.State.IsFinished() ? snapshot.Run with { State = DagRunState.Queued, EndedAt = null } : null;
        return new RunChanges([marked], run);
    }
}
