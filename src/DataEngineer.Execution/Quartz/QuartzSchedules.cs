using DataEngineer.Core.Execution;
using DataEngineer.Core.Scheduling;
using Microsoft.Extensions.Logging;
using Quartz;

namespace DataEngineer.Execution.Quartz;

/// <summary>
/// Keeps Quartz's triggers in line with the loaded DAGs: one job and cron trigger per cron-scheduled
/// DAG, in the DAG's time zone; jobs of DAGs no longer loaded are deleted. Replacing is idempotent,
/// so every scheduler process may do it at start.
/// </summary>
public sealed class QuartzSchedules(ISchedulerFactory factory, IDagRegistry dags, ILogger<QuartzSchedules> logger)
{
    public const string Group = "dags";

    public async Task SyncAsync(CancellationToken ct)
    {
        var scheduler = await factory.GetScheduler(ct);
        var wanted = new HashSet<JobKey>();
        foreach (var graph in dags.Dags)
        {
            if (graph.Timetable is not CronTimetable cron)
            {
                continue;
            }

            var key = new JobKey(graph.DagId, Group);
            wanted.Add(key);
            var job = JobBuilder.Create<DagScheduleJob>().WithIdentity(key).UsingJobData(DagScheduleJob.DagIdKey, graph.DagId).StoreDurably().Build();
            var trigger = TriggerBuilder.Create()
                .WithIdentity(graph.DagId, Group)
                .ForJob(key)
                .UsingJobData("schedule", graph.Options.Schedule ?? "")
                .WithSchedule(CronScheduleBuilder.Create(global::Quartz.CronExpression.Parse(cron.Expression.Text, CronFormat.Unix))
                    .InTimeZone(cron.TimeZone)
                    .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
                .Build();
            await scheduler.ScheduleJob(job, [trigger], ScheduleJobOptions.Replacing, ct);
        }

        foreach (var stale in (await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(Group), ct)).Where(k => !wanted.Contains(k)))
        {
            logger.LogInformation("DAG {Dag} is no longer loaded; removing its schedule", stale.Name);
            await scheduler.DeleteJob(stale, ct);
        }
    }
}
