using System.Collections.Concurrent;
using DataEngineer.Core.Telemetry;
using DataEngineer.Core.Execution;
using DataEngineer.Core.Quality;
using DataEngineer.Core.Storage;
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
/// as slots free up, however long a tick takes. Between ticks it listens for runs queued by any process (a trigger, a
/// backfill, a clear) and starts them the moment they are queued.
/// </summary>
public sealed class SchedulerService(RunScheduler scheduler, DatasetTriggeredRuns datasetRuns, FreshnessMonitor freshness, QuartzSchedules quartz, IDagRegistry dags,
    IQueuedRunSignal queuedRuns, SchedulerOptions options, TimeProvider time, ILogger<SchedulerService> logger)
    : BackgroundService
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, byte> _backlogged = new(StringComparer.Ordinal);

    private IQueuedRunListener? _listener;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.WhenAll(TickAsync(stoppingToken), CatchUpAsync(stoppingToken));
        }
        finally
        {
            if (_listener is not null)
            {
                await _listener.DisposeAsync();
            }
        }
    }

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

            await WaitForTickAsync(tickStarted + options.TickInterval, stoppingToken);
        }
    }

    // Until the next tick is due; a run queued meanwhile is started at once. Without a listener (the store unreachable),
    // the wait is plain and queued runs start at the next tick, as the tick starts them anyway.
    private async Task WaitForTickAsync(DateTimeOffset due, CancellationToken stoppingToken)
    {
        while (due - time.GetUtcNow() is var wait && wait > TimeSpan.Zero)
        {
            bool queued;
            try
            {
                _listener ??= await queuedRuns.ListenAsync(stoppingToken);
                queued = await _listener.WaitAsync(wait, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.QueuedRunsUnheard(e.Message);
                if (_listener is not null)
                {
                    await _listener.DisposeAsync();
                    _listener = null;
                }

                if (due - time.GetUtcNow() is var rest && rest > TimeSpan.Zero)
                {
                    await Task.Delay(rest, time, stoppingToken);
                }

                return;
            }

            if (!queued)
            {
                continue;
            }

            try
            {
                await scheduler.StartQueuedRunsAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(e, "Starting queued runs failed; the next tick starts them");
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
