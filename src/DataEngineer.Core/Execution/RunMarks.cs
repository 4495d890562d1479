using DataEngineer.Core.States;
using DataEngineer.Core.Storage;

namespace DataEngineer.Core.Execution;

/// <summary>
/// Setting a whole run's state by hand (Airflow's "mark run success/failed"), and cancelling a run. Success: every
/// task that did not succeed or skip becomes success (failed ones too, as in Airflow), so the run's state follows its tasks. Failed or cancelled: running tries fail with <c>reason</c> (their workers see at
/// their next heartbeat that the try no longer owns the task, cancel it and their late report is refused), every task
/// not yet started is skipped, and the run fails. Nothing is left running or waiting.
/// </summary>
public static class RunMarks
{
    /// <exception cref="ArgumentException"><paramref name="state"/> is not success or failed.</exception>
    public static RunChanges Mark(RunSnapshot snapshot, DagRunState state, string reason, DateTimeOffset now)
    {
        if (!state.IsFinished())
        {
            throw new ArgumentException($"A run can be marked success or failed, not {StateNames.Of(state)}.", nameof(state));
        }

        var changed = snapshot.Tasks.Values.Where(t => state == DagRunState.Success
                ? t.State is not (TaskInstanceState.Success or TaskInstanceState.Skipped or TaskInstanceState.Removed)
                : !t.State.IsFinished())
            .Select(t => t with
        {
            State = state == DagRunState.Success ? TaskInstanceState.Success
                : t.State == TaskInstanceState.Running ? TaskInstanceState.Failed
                : TaskInstanceState.Skipped,
            StartedAt = t.StartedAt ?? now,
            EndedAt = now,
            NextTryAt = null,
            Error = state == DagRunState.Success ? null : reason,
        }).ToList();
        if (changed.Count == 0 && snapshot.Run.State == state)
        {
            return RunChanges.None;
        }

        return new RunChanges(changed, snapshot.Run with { State = state, StartedAt = snapshot.Run.StartedAt ?? now, EndedAt = now });
    }
}
