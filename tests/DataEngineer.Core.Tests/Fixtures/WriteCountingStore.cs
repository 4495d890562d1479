using System.Reflection;
using DataEngineer.Core.Storage;

namespace DataEngineer.Core.Tests.Fixtures;

/// <summary>A metadata store that counts the writes of runs and task instances (each a transaction in PostgreSQL).</summary>
public class WriteCountingStore : DispatchProxy
{
    private static readonly HashSet<string> Writes =
    [
        nameof(IRunStore.UpdateRunAsync), nameof(IRunStore.UpdateRunWithOccupancyAsync), nameof(IRunStore.UpdateScopeAsync), nameof(IRunStore.ClaimQueuedAsync),
    ];

    private IMetadataStore _inner = null!;
    private int _writes;

    public int Count => Volatile.Read(ref _writes);

    public static (IMetadataStore Store, WriteCountingStore Counter) Wrap(IMetadataStore inner)
    {
        var store = Create<IMetadataStore, WriteCountingStore>();
        var counter = (WriteCountingStore)(object)store;
        counter._inner = inner;
        return (store, counter);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (Writes.Contains(targetMethod!.Name))
        {
            Interlocked.Increment(ref _writes);
        }

        return targetMethod.Invoke(_inner, args);
    }
}
