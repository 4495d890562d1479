using DataEngineer.Core.Alerts;

namespace DataEngineer.Host.Api;

/// <summary>A recorded alert and where its delivery stands (pending, sent, failed); the body is left out.</summary>
internal sealed record ApiAlert(
    long Id, string Event, string Recipient, string Channel, string? DagId, string? RunId, string? TaskId, string Subject, string Status, int Attempts,
    string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? SentAt, DateTimeOffset? NextAttemptAt)
{
    public static ApiAlert Of(AlertRecord alert) => new(
        alert.Id, alert.Kind.ToString(), alert.Recipient, alert.Channel, alert.DagId, alert.RunId, alert.TaskId, alert.Subject,
        alert.Status.ToString().ToLowerInvariant(), alert.Attempts, alert.LastError, alert.CreatedAt, alert.SentAt,
        alert.Status == AlertStatus.Pending ? alert.NextAttemptAt : null);
}
