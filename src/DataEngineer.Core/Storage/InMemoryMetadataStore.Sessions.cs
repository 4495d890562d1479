namespace DataEngineer.Core.Storage;

public sealed partial class InMemoryMetadataStore : ISessionStampStore
{
    private readonly Dictionary<string, string> _sessionStamps = new(StringComparer.Ordinal);

    public Task<string?> GetSessionStampAsync(string userName, CancellationToken ct = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_sessionStamps.GetValueOrDefault(userName));
        }
    }

    public Task<string> EnsureSessionStampAsync(string userName, string candidate, DateTimeOffset at, CancellationToken ct = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_sessionStamps.TryAdd(userName, candidate) ? candidate : _sessionStamps[userName]);
        }
    }

    public Task ReplaceSessionStampAsync(string userName, string stamp, DateTimeOffset at, CancellationToken ct = default)
    {
        lock (_lock)
        {
            _sessionStamps[userName] = stamp;
        }

        return Task.CompletedTask;
    }
}
