using DataEngineer.Sdk;

namespace Reliability;

/// <summary>
/// A daily DAG with catchup over the last <c>days</c> days (one run per interval, created by whichever scheduler
/// gets there first) whose tasks record their executions; retries enough to outlive repeated worker kills.
/// </summary>
public abstract class ReliabilityDag(string id, int days) : Dag(id, new DagOptions
{
    Schedule = "@daily",
    StartDate = DateTime.UtcNow.Date.AddDays(-days),
    Catchup = true,
    MaxActiveRuns = 3,
    DefaultTaskOptions = new TaskOptions { Retries = 10, RetryDelay = TimeSpan.FromSeconds(1) },
})
{
    public const int Days = 17;

    protected static TaskRef Work(DagBuilder dag, string taskId, int milliseconds, bool failFirstTry = false) =>
        dag.Task(taskId, ctx => ExecutionLog.RunAsync(ctx, milliseconds, failFirstTry));
}
