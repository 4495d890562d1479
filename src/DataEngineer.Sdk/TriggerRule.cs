namespace DataEngineer.Sdk;

/// <summary>
/// When a task runs, given the states of its direct upstream tasks. The twelve rules and their
/// semantics are Airflow's: a rule that can no longer be met sets the task to
/// <c>skipped</c> or <c>upstream_failed</c> as soon as that is certain, without waiting for the
/// remaining upstream tasks.
/// </summary>
public enum TriggerRule
{
    /// <summary>All upstream tasks succeeded (the default). A failed upstream makes this task
    /// <c>upstream_failed</c>; a skipped upstream makes it <c>skipped</c>.</summary>
    AllSuccess,

    /// <summary>All upstream tasks failed or are <c>upstream_failed</c>. Any success or skip skips this task.</summary>
    AllFailed,

    /// <summary>All upstream tasks are done, whatever their outcome.</summary>
    AllDone,

    /// <summary>All upstream tasks are done and at least one succeeded. As in Airflow 3.1's code, any
    /// skipped upstream task skips this task at once.</summary>
    AllDoneMinOneSuccess,

    /// <summary>All upstream tasks were skipped. Any success or failure skips this task.</summary>
    AllSkipped,

    /// <summary>At least one upstream task failed; runs without waiting for the others.</summary>
    OneFailed,

    /// <summary>At least one upstream task succeeded; runs without waiting for the others.</summary>
    OneSuccess,

    /// <summary>At least one upstream task succeeded or failed; runs without waiting for the others.</summary>
    OneDone,

    /// <summary>No upstream task failed (all succeeded or were skipped).</summary>
    NoneFailed,

    /// <summary>No upstream task failed and at least one succeeded; the usual rule for a join after a branch.</summary>
    NoneFailedMinOneSuccess,

    /// <summary>No upstream task was skipped (all are done otherwise).</summary>
    NoneSkipped,

    /// <summary>Runs at once, without waiting for upstream tasks.</summary>
    Always,
}
