namespace DataEngineer.Core.Alerts;

/// <summary>The alert outbox: alerts are recorded first and delivered after, by whichever process claims them.</summary>
public interface IAlertStore
{
    /// <summary>Records the alert unless one with the same event key and recipient exists; returns whether it was recorded.</summary>
    Task<bool> RecordAlertAsync(AlertRecord alert, CancellationToken ct = default);

    /// <summary>
    /// Claims up to <paramref name="limit"/> pending alerts that are due, for <paramref name="lease"/>: no other
    /// process gets them until the lease ends or they are marked.
    /// </summary>
    Task<IReadOnlyList<AlertRecord>> ClaimDueAlertsAsync(DateTimeOffset now, TimeSpan lease, int limit, CancellationToken ct = default);

    /// <summary>Marks a claimed alert sent, counting the attempt.</summary>
    Task MarkAlertSentAsync(long id, DateTimeOffset at, CancellationToken ct = default);

    /// <summary>Counts a failed attempt: pending again at <paramref name="retryAt"/>, or failed for good when it is null.</summary>
    Task MarkAlertFailedAsync(long id, string error, DateTimeOffset? retryAt, CancellationToken ct = default);

    /// <summary>The newest alerts first.</summary>
    Task<IReadOnlyList<AlertRecord>> ListAlertsAsync(int limit = 100, CancellationToken ct = default);
}
