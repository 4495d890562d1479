namespace DataEngineer.Integration.Tests;

/// <summary>
/// Holds the tasks of a fan-out at their end until a wave of them waits, then lets the whole wave go at one instant,
/// so their completions race for the same downstream rows. A wave is <c>size</c> tasks, or the last ones of
/// <c>total</c>; when fewer can run at once (slots taken by other work), whoever waits goes after a quiet second
/// without new arrivals, so the barrier never deadlocks the engine it tests.
/// </summary>
public sealed class CompletionBarrier(int total, int size)
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly List<int> _waves = [];
    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _waiting;
    private int _arrived;

    /// <summary>How many tasks each wave let go at once, in order.</summary>
    public IReadOnlyList<int> Waves
    {
        get
        {
            lock (_gate)
            {
                return [.. _waves];
            }
        }
    }

    public async Task WaitAsync(CancellationToken ct)
    {
        Task release;
        int arrived;
        lock (_gate)
        {
            arrived = ++_arrived;
            _waiting++;
            release = _release.Task;
            if (_waiting == size || _arrived == total)
            {
                ReleaseWave();
            }
        }

        while (!release.IsCompleted)
        {
            await Task.WhenAny(release, Task.Delay(Quiet, ct));
            ct.ThrowIfCancellationRequested();
            lock (_gate)
            {
                if (!release.IsCompleted && _arrived == arrived)
                {
                    ReleaseWave();
                }

                arrived = _arrived;
            }
        }
    }

    private void ReleaseWave()
    {
        _waves.Add(_waiting);
        _waiting = 0;
        _release.TrySetResult();
        _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
