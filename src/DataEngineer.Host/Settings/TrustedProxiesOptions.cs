namespace DataEngineer.Host.Settings;

/// <summary>The reverse proxies whose forwarded headers are believed, under <c>DataEngineer:Web:ForwardedHeaders</c>.</summary>
internal sealed class TrustedProxiesOptions
{
    /// <summary>Proxy IP addresses, e.g. 10.0.0.5.</summary>
    public List<string> KnownProxies { get; } = [];

    /// <summary>Proxy networks in CIDR form, e.g. 10.0.0.0/8.</summary>
    public List<string> KnownNetworks { get; } = [];
}
