using DataEngineer.Core.Telemetry;
using Microsoft.Extensions.Logging;

namespace DataEngineer.Core.Alerts;

/// <summary>
/// Delivers recorded alerts: claims the due ones (so no other process sends them at the same time),
/// sends each through its channel with a timeout, and records the outcome — sent, or failed with the
/// error (secrets masked) and the next attempt after a doubling backoff, until the attempts run out.
/// </summary>
public sealed class AlertDeliverer(IAlertStore store, IEnumerable<IAlertChannel> channels, AlertDeliveryOptions options, TimeProvider time, ILogger<AlertDeliverer> logger)
{
    private readonly Dictionary<string, IAlertChannel> _channels = channels.ToDictionary(c => c.Name, StringComparer.Ordinal);

    /// <summary>Delivers what is due now; returns how many alerts were attempted.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken ct)
    {
        // The lease outlives every send's timeout, so no other process takes an alert while it is being sent.
        var lease = options.SendTimeout * 2 + TimeSpan.FromSeconds(30);
        var due = await store.ClaimDueAlertsAsync(time.GetUtcNow(), lease, options.BatchSize, ct);
        await Task.WhenAll(due.Select(alert => DeliverAsync(alert, ct)));
        return due.Count;
    }

    private async Task DeliverAsync(AlertRecord alert, CancellationToken ct)
    {
        if (!_channels.TryGetValue(alert.Channel, out var channel))
        {
            await store.MarkAlertFailedAsync(alert.Id, $"No alert channel named '{alert.Channel}' is configured in this process.", retryAt: null, CancellationToken.None);
            return;
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(options.SendTimeout);
            await channel.SendAsync(alert, timeout.Token);
            await store.MarkAlertSentAsync(alert.Id, time.GetUtcNow(), CancellationToken.None);
            EngineTelemetry.AlertDelivered(channel.Name, alert.Kind, sent: true);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            var attempts = alert.Attempts + 1;
            var error = channel.Redact(e is OperationCanceledException ? $"No answer within {options.SendTimeout}." : $"{e.GetType().Name}: {e.Message}");
            var retryAt = attempts < options.MaxAttempts ? time.GetUtcNow() + options.DelayAfter(attempts) : (DateTimeOffset?)null;
            await store.MarkAlertFailedAsync(alert.Id, error, retryAt, CancellationToken.None);
            EngineTelemetry.AlertDelivered(channel.Name, alert.Kind, sent: false);
            logger.AlertFailed(alert.EventKey, channel.Name, attempts, options.MaxAttempts, error, retryAt is null ? "giving up" : $"next attempt at {retryAt:HH:mm:ss}");
        }
    }
}
