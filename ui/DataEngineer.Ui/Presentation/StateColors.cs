using DataEngineer.Core.States;

namespace DataEngineer.Ui.Presentation;

/// <summary>
/// The colour of each state, as Airflow users know them, its glyph (so no state is told by colour alone: running
/// is a play sign, success a tick, failed a cross) and its name as shown.
/// </summary>
public static class StateColors
{
    public static string Of(TaskInstanceState state) => state switch
    {
        TaskInstanceState.Success => "#2e9b3e",
        TaskInstanceState.Failed => "#d32f2f",
        TaskInstanceState.Running => "#00a3cc",
        TaskInstanceState.Queued => "#808080",
        TaskInstanceState.Scheduled => "#d2b48c",
        TaskInstanceState.UpForRetry => "#ffc107",
        TaskInstanceState.UpstreamFailed => "#ff9800",
        TaskInstanceState.Skipped => "#e91e9e",
        TaskInstanceState.Removed => "#bdbdbd",
        TaskInstanceState.UpForReschedule => "#40e0d0",
        TaskInstanceState.AwaitingInput => "#9370db",
        _ => "#e0e0e0",
    };

    public static string Of(DagRunState state) => state switch
    {
        DagRunState.Success => Of(TaskInstanceState.Success),
        DagRunState.Failed => Of(TaskInstanceState.Failed),
        DagRunState.Running => Of(TaskInstanceState.Running),
        _ => Of(TaskInstanceState.Queued),
    };

    public static string Glyph(TaskInstanceState state) => state switch
    {
        TaskInstanceState.Success => "\u2713",
        TaskInstanceState.Failed => "\u2715",
        TaskInstanceState.Running => "\u25B6",
        TaskInstanceState.Queued => "\u2026",
        TaskInstanceState.Scheduled => "\u25F7",
        TaskInstanceState.UpForRetry => "\u21BB",
        TaskInstanceState.UpstreamFailed => "!",
        TaskInstanceState.Skipped => "\u00BB",
        TaskInstanceState.Removed => "\u2212",
        TaskInstanceState.UpForReschedule => "\u23F2",
        TaskInstanceState.AwaitingInput => "?",
        _ => "",
    };

    public static string Glyph(DagRunState state) => state switch
    {
        DagRunState.Success => Glyph(TaskInstanceState.Success),
        DagRunState.Failed => Glyph(TaskInstanceState.Failed),
        DagRunState.Running => Glyph(TaskInstanceState.Running),
        _ => Glyph(TaskInstanceState.Queued),
    };

    public static string Name(TaskInstanceState state) => StateNames.Of(state);

    public static string Name(DagRunState state) => StateNames.Of(state);
}
