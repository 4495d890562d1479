using DataEngineer.Core.Execution;
using Quartz;

namespace DataEngineer.Execution.Quartz;

/// <summary>
/// Fired by Quartz at a DAG's cron times (exactly once across clustered schedulers): creates the
/// runs whose data intervals just closed and starts them at once (<see cref="RunScheduler.CatchUpAsync"/>). Creation is
/// idempotent anyway, so a late or repeated fire does no harm; intervals still waiting for a run slot are the sweep's.
/// </summary>
[DisallowConcurrentExecution]
public sealed class DagScheduleJob(RunScheduler scheduler, IDagRegistry dags) : IJob
{
    public const string DagIdKey = "dag_id";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var dagId = context.MergedJobDataMap.GetString(DagIdKey);
        if (dagId is not null && dags.Find(dagId) is { } graph)
        {
            await scheduler.CatchUpAsync(graph, cancellationToken);
        }
    }
}
