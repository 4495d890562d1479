using DataEngineer.Core.States;

namespace DataEngineer.Ui.Presentation;

/// <summary>The colour of each state, as Airflow users know them, and their names as shown.</summary>
public static class StateColors
{
    public static string Of(TaskInstanceState state) => state switch
    {
        TaskInstanceState.Success => "#2e9b3e",
        TaskInstanceState.Failed => "#d32f2f",
        TaskInstanceState.Running => "#00c853",
        TaskInstanceState.Queued => "#808080",
        TaskInstanceState.Scheduled => "#d2b48c",
        TaskInstanceState.UpForRetry => "#ffc107",
        TaskInstanceState.UpstreamFailed => "#ff9800",
        TaskInstanceState.Skipped => "#e91e9e",
        TaskInstanceState.Removed => "#bdbdbd",
        _ => "#e0e0e0",
    };

    public static string Of(DagRunState state) => state switch
    {
        DagRunState.Success => Of(TaskInstanceState.Success),
        DagRunState.Failed => Of(TaskInstanceState.Failed),
        DagRunState.Running => Of(TaskInstanceState.Running),
        _ => Of(TaskInstanceState.Queued),
    };

    public static string Name(TaskInstanceState state) => StateNames.Of(state);

    public static string Name(DagRunState state) => StateNames.Of(state);
}
