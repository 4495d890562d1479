namespace DataEngineer.Core.States;

/// <summary>The snake_case spellings users know from Airflow (<c>upstream_failed</c>, <c>up_for_retry</c>).</summary>
public static class StateNames
{
    public static string Of(TaskInstanceState state) => state switch
    {
        TaskInstanceState.None => "none",
        TaskInstanceState.Scheduled => "scheduled",
        TaskInstanceState.Queued => "queued",
        TaskInstanceState.Running => "running",
        TaskInstanceState.Success => "success",
        TaskInstanceState.Failed => "failed",
        TaskInstanceState.Skipped => "skipped",
        TaskInstanceState.UpstreamFailed => "upstream_failed",
        TaskInstanceState.UpForRetry => "up_for_retry",
        TaskInstanceState.Removed => "removed",
        TaskInstanceState.UpForReschedule => "up_for_reschedule",
        TaskInstanceState.AwaitingInput => "awaiting_input",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public static string Of(DagRunState state) => state.ToString().ToLowerInvariant();

    /// <summary>Reads a task state spelled as <see cref="Of(TaskInstanceState)"/> writes it.</summary>
    /// <exception cref="FormatException">Not a task state.</exception>
    public static TaskInstanceState ParseTaskState(string name) =>
        Enum.GetValues<TaskInstanceState>().FirstOrDefault(s => Of(s) == name) is var state && Of(state) == name
            ? state
            : throw new FormatException($"'{name}' is not a task state. Task states: {string.Join(", ", Enum.GetValues<TaskInstanceState>().Select(Of))}.");

    /// <summary>Reads a run state spelled as <see cref="Of(DagRunState)"/> writes it.</summary>
    /// <exception cref="FormatException">Not a run state.</exception>
    public static DagRunState ParseRunState(string name) =>
        Enum.GetValues<DagRunState>().FirstOrDefault(s => Of(s) == name) is var state && Of(state) == name
            ? state
            : throw new FormatException($"'{name}' is not a run state. Run states: {string.Join(", ", Enum.GetValues<DagRunState>().Select(Of))}.");

    /// <summary>Reads a run type spelled as <see cref="Of(DagRunType)"/> writes it.</summary>
    /// <exception cref="FormatException">Not a run type.</exception>
    public static DagRunType ParseRunType(string name) =>
        Enum.GetValues<DagRunType>().FirstOrDefault(s => Of(s) == name) is var type && Of(type) == name
            ? type
            : throw new FormatException($"'{name}' is not a run type. Run types: {string.Join(", ", Enum.GetValues<DagRunType>().Select(Of))}.");

    public static string Of(DagRunType type) => type == DagRunType.DatasetTriggered ? "dataset_triggered" : type.ToString().ToLowerInvariant();

    public static string Of(BackfillState state) => state.ToString().ToLowerInvariant();

    /// <summary>Reads a backfill state spelled as <see cref="Of(BackfillState)"/> writes it.</summary>
    /// <exception cref="FormatException">Not a backfill state.</exception>
    public static BackfillState ParseBackfillState(string name) =>
        Enum.GetValues<BackfillState>().FirstOrDefault(s => Of(s) == name) is var state && Of(state) == name
            ? state
            : throw new FormatException($"'{name}' is not a backfill state. Backfill states: {string.Join(", ", Enum.GetValues<BackfillState>().Select(Of))}.");

    /// <summary>Cancelled and done backfills never create a run again.</summary>
    public static bool IsFinished(this BackfillState state) => state is BackfillState.Cancelled or BackfillState.Done;

    public static bool IsFinished(this TaskInstanceState state) => state is TaskInstanceState.Success or TaskInstanceState.Failed
        or TaskInstanceState.Skipped or TaskInstanceState.UpstreamFailed or TaskInstanceState.Removed;

    public static bool IsFinished(this DagRunState state) => state is DagRunState.Success or DagRunState.Failed;
}
