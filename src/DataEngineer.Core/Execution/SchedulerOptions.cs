namespace DataEngineer.Core.Execution;

/// <summary>How the scheduler paces itself and when it declares a try dead.</summary>
public sealed record SchedulerOptions
{
    /// <summary>How often the scheduler starts queued runs, queues ready tasks and looks for dead tries.</summary>
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often the scheduler looks for free run slots in a DAG whose catchup backlog waits for them (MaxActiveRuns),
    /// in a loop beside its ticks, so a long catchup does not pause a tick at every slot. Only backlogged DAGs are read.
    /// </summary>
    public TimeSpan CatchupPollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>A running try whose worker has not heartbeated for this long is failed (and retried if it may be).</summary>
    public TimeSpan ZombieTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A queued task that has not started after this long is handed to the queue again.</summary>
    public TimeSpan RequeueAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Whether a DAG seen for the first time starts paused (Airflow's default: true).</summary>
    public bool DagsArePausedAtCreation { get; init; } = true;
}
