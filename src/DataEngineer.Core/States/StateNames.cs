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
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public static string Of(DagRunState state) => state.ToString().ToLowerInvariant();

    public static string Of(DagRunType type) => type.ToString().ToLowerInvariant();

    public static bool IsFinished(this TaskInstanceState state) => state is TaskInstanceState.Success or TaskInstanceState.Failed
        or TaskInstanceState.Skipped or TaskInstanceState.UpstreamFailed or TaskInstanceState.Removed;

    public static bool IsFinished(this DagRunState state) => state is DagRunState.Success or DagRunState.Failed;
}
