namespace DataEngineer.Core.States;

/// <summary>
/// The state of a backfill (Airflow 3's backfill model), and who sets it.
/// </summary>
public enum BackfillState
{
    /// <summary>Set when a person starts it, or resumes it: its worker creates runs, at most MaxActiveRuns unfinished at once.</summary>
    Running,

    /// <summary>Set by a person: no new runs are created; runs already created go on. Resuming carries on where it stopped.</summary>
    Paused,

    /// <summary>Set by a person, for good: no new runs; its queued runs are cancelled, its running runs finish or are cancelled as they chose.</summary>
    Cancelled,

    /// <summary>Set by its worker when every interval has a run and every one of its runs has finished.</summary>
    Done,
}
