using Xunit;

namespace DataEngineer.Integration.Tests.Reliability;

/// <summary>A test that needs a <see cref="NetworkNamespace"/>: skipped, saying why, only where namespaces cannot be made.</summary>
public sealed class NetworkNamespaceFactAttribute : FactAttribute
{
    public NetworkNamespaceFactAttribute()
    {
        if (NetworkNamespace.Unavailable() is { } reason)
        {
            Skip = reason;
        }
    }
}
