using System.Reflection;
using DataEngineer.Core.Storage;

namespace DataEngineer.Core.Tests.Fixtures;

/// <summary>
/// A metadata store that holds each scoped update (a try's end) after it has been written, until released, and says
/// when each heartbeat starts: for tests of what happens between a try's end being committed and its worker going on.
/// </summary>
public class EndGateStore : DispatchProxy
{
    private IMetadataStore _inner = null!;
    private int _heartbeats;

    /// <summary>Completed once a scoped update has been written (and is being held).</summary>
    public TaskCompletionSource Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Lets every held scoped update return.</summary>
    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Heartbeats => Volatile.Read(ref _heartbeats);

    public static (IMetadataStore Store, EndGateStore Control) Wrap(IMetadataStore inner)
    {
        var store = Create<IMetadataStore, EndGateStore>();
        var control = (EndGateStore)(object)store;
        control._inner = inner;
        return (store, control);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod!.Name == nameof(IRunStore.HeartbeatAsync))
        {
            Interlocked.Increment(ref _heartbeats);
        }

        var result = targetMethod.Invoke(_inner, args);
        return targetMethod.Name == nameof(IRunStore.UpdateScopeAsync) ? HoldAsync((Task<ScopedSnapshot?>)result!) : result;
    }

    private async Task<ScopedSnapshot?> HoldAsync(Task<ScopedSnapshot?> update)
    {
        var written = await update;
        Written.TrySetResult();
        await Release.Task;
        return written;
    }
}
