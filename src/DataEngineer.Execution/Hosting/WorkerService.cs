using DataEngineer.Core.Telemetry;
using DataEngineer.Core.Execution;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DataEngineer.Execution.Hosting;

/// <summary>The worker role's own loop: heartbeats the running tries; on stop, cancels them and waits until they are recorded.</summary>
public sealed class WorkerService(TaskWorker worker, WorkerOptions options, ILogger<WorkerService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.WorkerStarted(options.Hostname, string.Join(",", options.Queues), options.Concurrency);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await worker.HeartbeatAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(e, "Heartbeat failed; retrying");
                await Task.Delay(options.HeartbeatInterval, stoppingToken);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await worker.DisposeAsync();
    }
}
