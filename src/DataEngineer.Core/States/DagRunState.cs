namespace DataEngineer.Core.States;

/// <summary>
/// The state of a DAG run. <c>Queued</c>: created, waiting for a max-active-runs slot;
/// <c>Running</c>: tasks are being decided and run; <c>Success</c>: every leaf task succeeded or
/// was skipped; <c>Failed</c>: every task is finished and a leaf failed or is upstream_failed.
/// </summary>
public enum DagRunState
{
    Queued,
    Running,
    Success,
    Failed,
}
