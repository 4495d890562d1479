using System.Reflection;
using DataEngineer.Core.Storage;

namespace DataEngineer.Core.Tests.Fixtures;

/// <summary>A metadata store that, once an outage starts, fails the next few calls of chosen methods as a restarting database would.</summary>
public class OutageStore : DispatchProxy
{
    private readonly Dictionary<string, int> _failuresLeft = new(StringComparer.Ordinal);
    private IMetadataStore _inner = null!;

    public int Failed { get; private set; }

    public static (IMetadataStore Store, OutageStore Control) Wrap(IMetadataStore inner)
    {
        var store = Create<IMetadataStore, OutageStore>();
        var control = (OutageStore)(object)store;
        control._inner = inner;
        return (store, control);
    }

    /// <summary>The next calls of each named store method fail, as many times as given.</summary>
    public void Begin(IReadOnlyDictionary<string, int> failures)
    {
        lock (_failuresLeft)
        {
            foreach (var (method, count) in failures)
            {
                _failuresLeft[method] = count;
            }
        }
    }

    private bool ShouldFail(string method)
    {
        lock (_failuresLeft)
        {
            if (_failuresLeft.GetValueOrDefault(method) <= 0)
            {
                return false;
            }

            _failuresLeft[method]--;
            Failed++;
            return true;
        }
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (ShouldFail(targetMethod!.Name))
        {
            var failure = new InvalidOperationException("57P01: terminating connection due to administrator command");
            var result = typeof(Task).GetMethod(nameof(Task.FromException), 1, [typeof(Exception)])!;
            return targetMethod.ReturnType == typeof(Task)
                ? Task.FromException(failure)
                : result.MakeGenericMethod(targetMethod.ReturnType.GetGenericArguments()[0]).Invoke(null, [failure]);
        }

        return targetMethod.Invoke(_inner, args);
    }
}
