namespace DataEngineer.Core.States;

/// <summary>
/// The state of one task in one DAG run (Airflow's task instance states). Who sets each:
/// <list type="bullet">
/// <item><c>None</c>: created with the run; nothing decided yet.</item>
/// <item><c>Scheduled</c>: the engine found its trigger rule met; waiting for a slot.</item>
/// <item><c>Queued</c>: handed to a worker queue (in-process or Hangfire); not started.</item>
/// <item><c>Running</c>: a worker claimed a try and runs it; it heartbeats.</item>
/// <item><c>Success</c>: the try returned normally. Terminal.</item>
/// <item><c>Failed</c>: the last allowed try failed (or the task failed itself without retry). Terminal.</item>
/// <item><c>Skipped</c>: the task skipped itself, a branch did not choose it, or its trigger rule can no longer be met by a skip. Terminal.</item>
/// <item><c>UpstreamFailed</c>: its trigger rule can no longer be met because upstream tasks failed. Terminal.</item>
/// <item><c>UpForRetry</c>: a try failed and another is allowed after the retry delay.</item>
/// <item><c>Removed</c>: the task no longer exists in the DAG version the run uses. Terminal.</item>
/// <item><c>UpForReschedule</c>: a sensor's poke found its condition unmet (<c>TaskContext.Reschedule</c>); it holds no
/// slot and the scheduler runs it again at <see cref="Storage.TaskInstance.NextTryAt"/> (Airflow's reschedule mode). Pokes do not count as tries.</item>
/// <item><c>AwaitingInput</c>: an approval task waits for a person's decision (Airflow 3's <c>awaiting_input</c>); it holds no
/// slot. A decision (or its timeout, at <see cref="Storage.TaskInstance.NextTryAt"/>) ends it.</item>
/// </list>
/// </summary>
public enum TaskInstanceState
{
    None,
    Scheduled,
    Queued,
    Running,
    Success,
    Failed,
    Skipped,
    UpstreamFailed,
    UpForRetry,
    Removed,
    UpForReschedule,
    AwaitingInput,
}
