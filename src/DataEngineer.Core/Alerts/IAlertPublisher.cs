namespace DataEngineer.Core.Alerts;

/// <summary>
/// Records an alert for every recipient of an event, once per event key across all processes, and
/// returns; delivery happens later, off the caller's path, with retries. Never throws for a broken
/// channel or an unknown recipient: those are recorded as failed deliveries.
/// </summary>
public interface IAlertPublisher
{
    Task PublishAsync(AlertEvent alert, CancellationToken ct = default);
}
