using DataEngineer.Core.Storage;

namespace DataEngineer.Core.Tests.Fixtures;

/// <summary>A try log store that keeps lines in memory, counts appends and can fail the next ones, as a database outage would.</summary>
public sealed class RecordingLogStore : ITaskLogStore
{
    private readonly InMemoryMetadataStore _inner = new();
    private int _appends;
    private int _failuresLeft;
    private int _failed;
    private Task _hold = Task.CompletedTask;
    private int _entered;

    /// <summary>Appends that stored lines.</summary>
    public int Appends => Volatile.Read(ref _appends);

    /// <summary>Appends that failed.</summary>
    public int Failed => Volatile.Read(ref _failed);

    /// <summary>Appends called, stored or not.</summary>
    public int Entered => Volatile.Read(ref _entered);

    /// <summary>Appends wait (as on a slow database) until <paramref name="release"/> completes.</summary>
    public void HoldAppendsUntil(Task release) => _hold = release;

    /// <summary>The next <paramref name="count"/> appends fail.</summary>
    public void FailNext(int count) => Volatile.Write(ref _failuresLeft, count);

    public async Task AppendLogAsync(RunKey key, string taskId, int tryNumber, IReadOnlyList<TaskLogLine> lines, CancellationToken ct = default)
    {
        Interlocked.Increment(ref _entered);
        await _hold;
        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            Interlocked.Increment(ref _failed);
            throw new InvalidOperationException("57P01: terminating connection due to administrator command");
        }

        Interlocked.Increment(ref _appends);
        await _inner.AppendLogAsync(key, taskId, tryNumber, lines, ct);
    }

    public Task ReviseLogAsync(RunKey key, string taskId, int tryNumber, IReadOnlyList<TaskLogRevision> revisions, CancellationToken ct = default) =>
        _inner.ReviseLogAsync(key, taskId, tryNumber, revisions, ct);

    public Task<IReadOnlyList<TaskLogLine>> GetLogAsync(RunKey key, string taskId, int tryNumber, CancellationToken ct = default) =>
        _inner.GetLogAsync(key, taskId, tryNumber, ct);

    public Task<IReadOnlyList<TaskLogLine>> GetLogAsync(RunKey key, string taskId, int tryNumber, int from, CancellationToken ct = default) =>
        _inner.GetLogAsync(key, taskId, tryNumber, from, ct);

    public Task<IReadOnlyList<TaskLogLine>> GetLogTailAsync(RunKey key, string taskId, int tryNumber, int count, CancellationToken ct = default) =>
        _inner.GetLogTailAsync(key, taskId, tryNumber, count, ct);
}
