namespace DataEngineer.Core.Alerts;

/// <summary>The alert outbox in memory, for in-process engines and tests; one lock gives PostgreSQL's guarantees.</summary>
public sealed class InMemoryAlertStore : IAlertStore
{
    private readonly Lock _lock = new();
    private readonly List<AlertRecord> _alerts = [];
    private readonly Dictionary<long, DateTimeOffset> _claims = [];

    public Task<bool> RecordAlertAsync(AlertRecord alert, CancellationToken ct = default)
    {
        lock (_lock)
        {
            if (_alerts.Any(a => a.EventKey == alert.EventKey && a.Recipient == alert.Recipient))
            {
                return Task.FromResult(false);
            }

            _alerts.Add(alert with { Id = _alerts.Count + 1 });
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<AlertRecord>> ClaimDueAlertsAsync(DateTimeOffset now, TimeSpan lease, int limit, CancellationToken ct = default)
    {
        lock (_lock)
        {
            var due = _alerts
                .Where(a => a.Status == AlertStatus.Pending && a.NextAttemptAt <= now && (!_claims.TryGetValue(a.Id, out var until) || until < now))
                .OrderBy(a => a.NextAttemptAt)
                .ThenBy(a => a.Id)
                .Take(limit)
                .ToList();
            foreach (var alert in due)
            {
                _claims[alert.Id] = now + lease;
            }

            return Task.FromResult<IReadOnlyList<AlertRecord>>(due);
        }
    }

    public Task MarkAlertSentAsync(long id, DateTimeOffset at, CancellationToken ct = default)
    {
        Update(id, a => a with { Status = AlertStatus.Sent, Attempts = a.Attempts + 1, SentAt = at });
        return Task.CompletedTask;
    }

    public Task MarkAlertFailedAsync(long id, string error, DateTimeOffset? retryAt, CancellationToken ct = default)
    {
        Update(id, a => a with
        {
            Status = retryAt is null ? AlertStatus.Failed : AlertStatus.Pending,
            Attempts = a.Attempts + 1,
            LastError = error,
            NextAttemptAt = retryAt ?? a.NextAttemptAt,
        });
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AlertRecord>> ListAlertsAsync(int limit = 100, CancellationToken ct = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<AlertRecord>>(_alerts.OrderByDescending(a => a.Id).Take(limit).ToList());
        }
    }

    private void Update(long id, Func<AlertRecord, AlertRecord> change)
    {
        lock (_lock)
        {
            var index = _alerts.FindIndex(a => a.Id == id);
            if (index >= 0)
            {
                _alerts[index] = change(_alerts[index]);
                _claims.Remove(id);
            }
        }
    }
}
