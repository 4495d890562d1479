using DataEngineer.Core.Alerts;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DataEngineer.Execution.Alerts;

/// <summary>
/// The scheduler's watch over runs in flight: alerts on runs past their expected duration, on what the
/// data-quality checks found, on approval requests and on missed run deadlines, and counts the queues for the queue depth metric.
/// </summary>
public sealed class RunWatchService(LongRunWatch longRuns, QualityEventAlerts quality, ApprovalRequestAlerts approvals, DeadlineWatch deadlines, IRunQueries runs, TimeProvider time, ILogger<RunWatchService> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        do
        {
            try
            {
                await longRuns.CheckAsync(stoppingToken);
                await quality.CheckAsync(stoppingToken);
                await approvals.CheckAsync(stoppingToken);
                await deadlines.CheckAsync(stoppingToken);
                var queued = await runs.ListTaskInstancesAsync([TaskInstanceState.Queued], ct: stoppingToken);
                var depths = queued.GroupBy(t => t.Queue, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
                foreach (var queue in seen.Union(depths.Keys))
                {
                    EngineTelemetry.QueueDepth(queue, depths.GetValueOrDefault(queue));
                }

                seen.UnionWith(depths.Keys);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(e, "Watching runs failed; trying again in {Interval}", Interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
