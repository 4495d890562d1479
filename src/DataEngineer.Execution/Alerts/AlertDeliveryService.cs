using DataEngineer.Core.Telemetry;
using DataEngineer.Core.Alerts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DataEngineer.Execution.Alerts;

/// <summary>
/// Delivers due alerts as soon as this process records one and every poll interval, in every process; claims keep two
/// processes from sending the same alert.
/// </summary>
public sealed class AlertDeliveryService(AlertDeliverer deliverer, AlertDeliveryOptions options, AlertSignal recorded, ILogger<AlertDeliveryService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A full batch means more may be due: go on without waiting.
                while (await deliverer.DeliverDueAsync(stoppingToken) >= options.BatchSize && !stoppingToken.IsCancellationRequested)
                {
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.AlertDeliveryFailed(e, options.PollInterval);
            }

            await recorded.WaitAsync(options.PollInterval, stoppingToken);
        }
    }
}
