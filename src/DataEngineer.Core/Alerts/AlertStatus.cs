namespace DataEngineer.Core.Alerts;

/// <summary>Where an alert's delivery stands.</summary>
public enum AlertStatus
{
    /// <summary>Recorded, not delivered yet (first attempt due, or a retry after a failed attempt).</summary>
    Pending,

    /// <summary>The channel accepted it.</summary>
    Sent,

    /// <summary>Given up: every attempt failed, or the recipient names no configured channel.</summary>
    Failed,
}
