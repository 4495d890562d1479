using System.Threading.Channels;
using DataEngineer.Core.Execution;
using DataEngineer.Core.Storage;

namespace DataEngineer.Core.Tests.Fixtures;

/// <summary>A carrier that delivers nothing and records each wake-up, for a test to take in turn.</summary>
public sealed class RecordingDispatcher : ITaskDispatcher
{
    private readonly Channel<IReadOnlyCollection<TaskInstance>> _wakeUps = Channel.CreateUnbounded<IReadOnlyCollection<TaskInstance>>();

    public Task DispatchAsync(IReadOnlyCollection<TaskInstance> queued, CancellationToken ct = default)
    {
        _wakeUps.Writer.TryWrite(queued);
        return Task.CompletedTask;
    }

    /// <summary>The next wake-up's tasks, waiting for one if none has come.</summary>
    public async Task<IReadOnlyCollection<TaskInstance>> NextAsync() => await _wakeUps.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(60));

    /// <summary>Whether a wake-up has come that was not taken yet.</summary>
    public bool HasWakeUp => _wakeUps.Reader.Count > 0;
}
