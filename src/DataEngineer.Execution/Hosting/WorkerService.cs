using DataEngineer.Core.Telemetry;
using DataEngineer.Core.Execution;
using DataEngineer.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DataEngineer.Execution.Hosting;

/// <summary>
/// The worker role's own loops: heartbeats the running tries, and claims tasks of this worker's queues the moment any
/// process queues them (the store's signal; the dispatcher's wake-up still comes and finds them claimed). On stop,
/// cancels the tries and waits until they are recorded.
/// </summary>
public sealed class WorkerService(TaskWorker worker, IQueuedTaskSignal queuedTasks, WorkerOptions options, TimeProvider time, ILogger<WorkerService> logger) : BackgroundService
{
    // How long one wait for queued tasks lasts before it waits again; the wait ends at once when one is heard.
    private static readonly TimeSpan ListenWait = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.WorkerStarted(options.Hostname, string.Join(",", options.Queues), options.Concurrency);
        await Task.WhenAll(HeartbeatAsync(stoppingToken), ClaimWhenQueuedAsync(stoppingToken));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await worker.DisposeAsync();
    }

    private async Task HeartbeatAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await worker.HeartbeatAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(e, "Heartbeat failed; retrying");
                await Task.Delay(options.HeartbeatInterval, time, stoppingToken);
            }
        }
    }

    // Until the store can be heard again (a restart, a network blip), queued tasks wait for their queue's wake-up.
    private async Task ClaimWhenQueuedAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var listener = await queuedTasks.ListenForTasksAsync(options.Queues, stoppingToken);

                // What was queued before the listening began (at start, while the store could not be heard) is claimed now.
                foreach (var queue in options.Queues)
                {
                    await worker.WakeAsync(queue, stoppingToken);
                }

                while (!stoppingToken.IsCancellationRequested)
                {
                    foreach (var queue in await listener.WaitAsync(ListenWait, stoppingToken))
                    {
                        await worker.WakeAsync(queue, stoppingToken);
                    }
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.QueuedTasksUnheard(e.Message);
                await Task.Delay(options.HeartbeatInterval, time, stoppingToken);
            }
        }
    }
}
