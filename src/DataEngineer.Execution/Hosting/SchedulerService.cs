using DataEngineer.Core.Telemetry;
using DataEngineer.Core.Execution;
using DataEngineer.Core.Quality;
using DataEngineer.Execution.Quartz;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DataEngineer.Execution.Hosting;

/// <summary>
/// The scheduler role: records the loaded DAGs, keeps Quartz's cron triggers in line with them
/// (again whenever the loaded DAGs change), and ticks — starting queued runs, queueing ready tasks, retrying, reaping dead tries — and now
/// and then sweeps every DAG for closed intervals Quartz did not fire for (catchup backlogs held
/// back by MaxActiveRuns, unpaused DAGs, @once) and for datasets past their freshness SLA. Every tick it also creates the runs of DAGs scheduled on datasets whose
/// condition their queued dataset updates meet. Between ticks it works off catchup backlogs: a DAG
/// whose closed intervals wait for a run slot gets its next run as soon as one frees up.
/// </summary>
public sealed class SchedulerService(RunScheduler scheduler, DatasetTriggeredRuns datasetRuns, FreshnessMonitor freshness, QuartzSchedules quartz, IDagRegistry dags, SchedulerOptions options, TimeProvider time, ILogger<SchedulerService> logger)
    : BackgroundService
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(10);

    private readonly HashSet<string> _backlogged = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.SchedulerStarted(dags.Dags.Count);
        var lastSweep = DateTimeOffset.MinValue;
        var lastTick = DateTimeOffset.MinValue;
        var synced = -1L;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (time.GetUtcNow() - lastTick >= options.TickInterval)
                {
                    lastTick = time.GetUtcNow();
                    if (dags.Generation != synced)
                    {
                        var generation = dags.Generation;
                        await scheduler.SyncDagsAsync(stoppingToken);
                        await quartz.SyncAsync(stoppingToken);
                        synced = generation;
                        lastSweep = DateTimeOffset.MinValue;
                    }

                    if (time.GetUtcNow() - lastSweep >= SweepInterval)
                    {
                        await SweepAsync(stoppingToken);
                        lastSweep = time.GetUtcNow();
                    }

                    await datasetRuns.CreateDueRunsAsync(dags.Dags, stoppingToken);

                    await scheduler.TickAsync(stoppingToken);
                }
                else
                {
                    await CatchUpAsync(stoppingToken);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // A database restart or network blip must not kill the scheduler: log and tick again.
                logger.LogError(e, "Scheduler tick failed; retrying on the next tick");
            }

            var untilTick = lastTick + options.TickInterval - time.GetUtcNow();
            var wait = _backlogged.Count > 0 && options.CatchupPollInterval < untilTick ? options.CatchupPollInterval : untilTick;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, stoppingToken);
            }
        }
    }

    private async Task SweepAsync(CancellationToken ct)
    {
        _backlogged.Clear();
        _backlogged.UnionWith(await scheduler.SweepDueRunsAsync(dags.Dags, ct));

        await freshness.SweepAsync(ct);
    }

    private async Task CatchUpAsync(CancellationToken ct)
    {
        foreach (var dagId in _backlogged.ToList())
        {
            if (dags.Find(dagId) is not { } graph || !await scheduler.CatchUpAsync(graph, ct))
            {
                _backlogged.Remove(dagId);
            }
        }
    }
}
