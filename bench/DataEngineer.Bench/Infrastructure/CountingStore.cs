using System.Diagnostics;
using System.Reflection;
using System.Runtime.ExceptionServices;
using DataEngineer.Core.Storage;

namespace DataEngineer.Bench.Infrastructure;

/// <summary>
/// A decorator over every <see cref="IMetadataStore"/> method that records calls and their duration in a
/// <see cref="StoreCallLog"/>. A DispatchProxy rather than a hand-written class: the port has dozens of methods,
/// and the profile needs them all. Not sealed, because DispatchProxy derives from it at run time.
/// </summary>
public class CountingStore : DispatchProxy
{
    private IMetadataStore _inner = null!;
    private StoreCallLog _log = null!;

    public static IMetadataStore Wrap(IMetadataStore inner, StoreCallLog log)
    {
        var proxy = Create<IMetadataStore, CountingStore>();
        var counting = (CountingStore)(object)proxy;
        counting._inner = inner;
        counting._log = log;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var started = Stopwatch.GetTimestamp();
        object? result;
        try
        {
            result = targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }

        if (result is Task task)
        {
            task.ContinueWith(_ => _log.Record(targetMethod.Name, Stopwatch.GetElapsedTime(started)), CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        else
        {
            _log.Record(targetMethod.Name, Stopwatch.GetElapsedTime(started));
        }

        return result;
    }
}
