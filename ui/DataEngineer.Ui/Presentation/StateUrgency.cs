using DataEngineer.Core.States;

namespace DataEngineer.Ui.Presentation;

/// <summary>Which of several task states a summary row shows: the most urgent one (failed before running before done).</summary>
public static class StateUrgency
{
    /// <summary>Most urgent first.</summary>
    public static IReadOnlyList<TaskInstanceState> Order { get; } =
    [
        TaskInstanceState.Failed, TaskInstanceState.UpstreamFailed, TaskInstanceState.Running, TaskInstanceState.AwaitingInput, TaskInstanceState.UpForReschedule, TaskInstanceState.UpForRetry, TaskInstanceState.Queued,
        TaskInstanceState.Scheduled, TaskInstanceState.None, TaskInstanceState.Success, TaskInstanceState.Skipped, TaskInstanceState.Removed,
    ];

    /// <summary>The most urgent of <paramref name="states"/>, or null when there are none (or only states not ranked).</summary>
    public static TaskInstanceState? MostUrgent(IEnumerable<TaskInstanceState> states)
    {
        var present = states.ToHashSet();
        return Order.Where(present.Contains).Cast<TaskInstanceState?>().FirstOrDefault();
    }
}
