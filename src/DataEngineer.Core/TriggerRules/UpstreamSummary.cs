using DataEngineer.Core.States;

namespace DataEngineer.Core.TriggerRules;

/// <summary>
/// Counts of a task's direct upstream task instances by state: what a trigger rule decides on
/// (Airflow's <c>_UpstreamTIStates</c>). <see cref="Total"/> counts every upstream whatever its state;
/// the other counts only the finished ones. <see cref="Done"/> is the sum of the five finished states;
/// none, scheduled, queued, running, up_for_retry, up_for_reschedule and awaiting_input are not done.
/// </summary>
public readonly record struct UpstreamSummary(int Total, int Success, int Skipped, int Failed, int UpstreamFailed, int Removed)
{
    /// <summary>Upstream tasks in a finished state: success, skipped, failed, upstream_failed or removed.</summary>
    public int Done => Success + Skipped + Failed + UpstreamFailed + Removed;

    /// <summary>Upstream tasks not finished yet (none, scheduled, queued, running, up_for_retry, up_for_reschedule, awaiting_input).</summary>
    public int NotDone => Total - Done;

    /// <summary>Counts the given states, one per direct upstream task instance.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A state is not a defined <see cref="TaskInstanceState"/>.</exception>
    public static UpstreamSummary Of(IEnumerable<TaskInstanceState> upstreamStates)
    {
        ArgumentNullException.ThrowIfNull(upstreamStates);
        int total = 0, success = 0, skipped = 0, failed = 0, upstreamFailed = 0, removed = 0;
        foreach (var state in upstreamStates)
        {
            total++;
            switch (state)
            {
                case TaskInstanceState.Success: success++; break;
                case TaskInstanceState.Skipped: skipped++; break;
                case TaskInstanceState.Failed: failed++; break;
                case TaskInstanceState.UpstreamFailed: upstreamFailed++; break;
                case TaskInstanceState.Removed: removed++; break;
                case TaskInstanceState.None or TaskInstanceState.Scheduled or TaskInstanceState.Queued
                    or TaskInstanceState.Running or TaskInstanceState.UpForRetry or TaskInstanceState.UpForReschedule or TaskInstanceState.AwaitingInput:
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(upstreamStates), state, "Not a defined task instance state.");
            }
        }

        return new UpstreamSummary(total, success, skipped, failed, upstreamFailed, removed);
    }
}
