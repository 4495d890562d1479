using System.Net;

namespace DataEngineer.Host.Web;

/// <summary>Where the web host sits: the host names it answers to, the proxies it trusts, and its login throttle.</summary>
internal sealed record WebDeploymentOptions
{
    /// <summary>Host header values accepted (host filtering); <c>*</c> accepts any.</summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>Reverse proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed.</summary>
    public IReadOnlyList<IPAddress> KnownProxies { get; init; } = [];

    /// <summary>Address ranges of such proxies.</summary>
    public IReadOnlyList<IPNetwork> KnownNetworks { get; init; } = [];

    public LoginThrottleOptions Login { get; init; } = new();

    /// <summary>Whether forwarded headers are read at all (only when a proxy is configured).</summary>
    public bool BehindProxy => KnownProxies.Count > 0 || KnownNetworks.Count > 0;
}
