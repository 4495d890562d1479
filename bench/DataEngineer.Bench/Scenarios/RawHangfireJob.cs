using Hangfire;

namespace DataEngineer.Bench.Scenarios;

/// <summary>The raw Hangfire benchmark's job: does nothing but count down, so the last one can say all are done.</summary>
public static class RawHangfireJob
{
    private static int _remaining;
    private static TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static Task Done => _done.Task;

    public static void Expect(int count)
    {
        _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _remaining, count);
    }

    // As the engine's task jobs: no Hangfire retries.
    [AutomaticRetry(Attempts = 0)]
    public static void Run()
    {
        if (Interlocked.Decrement(ref _remaining) == 0)
        {
            _done.TrySetResult();
        }
    }
}
