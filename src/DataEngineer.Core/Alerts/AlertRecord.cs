using DataEngineer.Sdk;

namespace DataEngineer.Core.Alerts;

/// <summary>One alert to one recipient: the rendered message and its delivery status.</summary>
public sealed record AlertRecord
{
    public long Id { get; init; }

    /// <summary>The event's key; unique together with <see cref="Recipient"/>.</summary>
    public required string EventKey { get; init; }

    public required AlertEvents Kind { get; init; }

    /// <summary>The recipient as the DAG named it: a channel name or an email address.</summary>
    public required string Recipient { get; init; }

    /// <summary>The configured channel that delivers it.</summary>
    public required string Channel { get; init; }

    /// <summary>For an email address recipient: the address; otherwise null (the channel's own targets).</summary>
    public string? Address { get; init; }

    public string? DagId { get; init; }

    public string? RunId { get; init; }

    public string? TaskId { get; init; }

    public required string Subject { get; init; }

    public required string Body { get; init; }

    /// <summary>The event's fields as a JSON object, for webhook payloads.</summary>
    public required string PayloadJson { get; init; }

    public AlertStatus Status { get; init; } = AlertStatus.Pending;

    public int Attempts { get; init; }

    public string? LastError { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset NextAttemptAt { get; init; }

    public DateTimeOffset? SentAt { get; init; }
}
