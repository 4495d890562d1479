using DataEngineer.Core.Execution;
using DataEngineer.Core.Governance;
using Microsoft.Extensions.Logging;

namespace DataEngineer.Core.Alerts;

/// <summary>
/// The alert publisher: renders the event, works out its recipients and records one outbox row per
/// recipient under the event's key (a second publish of the same key, from any process, records
/// nothing). PII is masked first (<see cref="PiiAlertMasking"/>). Delivery is <see cref="AlertDeliverer"/>'s job; a
/// recorded alert raises <paramref name="recorded"/> to wake it.
/// </summary>
public sealed class AlertOutbox(IAlertStore store, IDagRegistry dags, AlertRoutingOptions options, TimeProvider time, ILogger<AlertOutbox> logger,
    AlertSignal? recorded = null) : IAlertPublisher
{
    public async Task PublishAsync(AlertEvent alert, CancellationToken ct = default)
    {
        var recipients = alert.Recipients.Count > 0
            ? alert.Recipients
            : AlertRouting.Recipients(alert.DagId is null ? null : dags.Find(alert.DagId), alert.TaskId, alert.Kind, options);
        if (recipients.Count == 0)
        {
            return;
        }

        var message = AlertMessage.Render(PiiAlertMasking.Mask(alert, PiiColumns.Declared(dags)), options.BaseUrl);
        var now = time.GetUtcNow();
        foreach (var recipient in recipients)
        {
            var (channel, address, problem) = Resolve(recipient);
            var record = new AlertRecord
            {
                EventKey = alert.Key,
                Kind = alert.Kind,
                Recipient = recipient,
                Channel = channel,
                Address = address,
                DagId = alert.DagId,
                RunId = alert.RunId,
                TaskId = alert.TaskId,
                Subject = message.Subject,
                Body = message.Body,
                PayloadJson = message.PayloadJson,
                Status = problem is null ? AlertStatus.Pending : AlertStatus.Failed,
                LastError = problem,
                CreatedAt = now,
                NextAttemptAt = now,
            };
            if (!await store.RecordAlertAsync(record, ct))
            {
                continue;
            }

            if (problem is null)
            {
                recorded?.Raise();
            }
            else
            {
                logger.LogWarning("Alert {Key} for {Recipient} cannot be sent: {Problem}", alert.Key, recipient, problem);
            }
        }
    }

    private (string Channel, string? Address, string? Problem) Resolve(string recipient)
    {
        if (options.Channels.Contains(recipient))
        {
            return (recipient, null, null);
        }

        if (recipient.Contains('@', StringComparison.Ordinal))
        {
            return options.AddressChannel is { } email
                ? (email, recipient, null)
                : ("", recipient, $"'{recipient}' is an email address, but no email channel is configured (DataEngineer:Alerts:Channels:<name>:Type = email).");
        }

        var known = options.Channels.Count == 0 ? "none is configured" : "configured: " + string.Join(", ", options.Channels.Order(StringComparer.Ordinal));
        return ("", null, $"'{recipient}' is neither an email address nor an alert channel ({known}). Add DataEngineer:Alerts:Channels:{recipient} or fix the DAG's recipients.");
    }
}
