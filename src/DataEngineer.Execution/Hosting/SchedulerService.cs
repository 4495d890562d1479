using System.Collections.Concurrent;
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
/// condition their queued dataset updates meet. Beside the ticks, a loop of its own works off catchup backlogs: a DAG
/// whose closed intervals wait for a run slot gets its next runs, created in one write and started at once, as soon
/// as slots free up, however long a tick takes.
/// </summary>
public sealed class SchedulerService(RunScheduler scheduler, DatasetTriggeredRuns datasetRuns, FreshnessMonitor freshness, QuartzSchedules quartz, IDagRegistry dags, SchedulerOptions options, TimeProvider time, ILogger<SchedulerService> logger)
    : BackgroundService
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, byte> _backlogged = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken) =>
        await Task.WhenAll(TickAsync(stoppingToken), CatchUpAsync(stoppingToken));

    private async Task TickAsync(CancellationToken stoppingToken)
    {
        logger.SchedulerStarted(dags.Dags.Count);
        var lastSweep = DateTimeOffset.MinValue;
        var synced = -1L;
        while (!stoppingToken.IsCancellationRequested)
        {
            var tickStarted = time.GetUtcNow();
            try
            {
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
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // A database restart or network blip must not kill the scheduler: log and tick again.
                logger.LogError(e, "Scheduler tick failed; retrying on the next tick");
            }

            var wait = tickStarted + options.TickInterval - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, stoppingToken);
            }
        }
    }

    private async Task SweepAsync(CancellationToken ct)
    {
        var backlogged = await scheduler.SweepDueRunsAsync(dags.Dags, ct);
        foreach (var dagId in _backlogged.Keys.Except(backlogged))
        {
            _backlogged.TryRemove(dagId, out _);
        }

        foreach (var dagId in backlogged)
        {
            _backlogged.TryAdd(dagId, 0);
        }

        await freshness.SweepAsync(ct);
    }

    // Costs nothing while no DAG has a backlog: the store is read only for backlogged DAGs.
    private async Task CatchUpAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var dagId in _backlogged.Keys)
                {
                    if (dags.Find(dagId) is not { } graph || !await scheduler.CatchUpAsync(graph, stoppingToken))
                    {
                        _backlogged.TryRemove(dagId, out _);
                    }
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(e, "Catching up failed; retrying");
            }

            await Task.Delay(options.CatchupPollInterval, time, stoppingToken);
        }
    }
}
