namespace DataEngineer.Host.Settings;

/// <summary>
/// The web host's own settings under <c>DataEngineer:Web</c>: <c>ListenAddress</c>, the IP address it binds (loopback by
/// default, so nothing is exposed by accident; a container sets 0.0.0.0 so its published port reaches the web host), and
/// <c>AnonymousReadOnly</c>. Users, API keys, allowed hosts, proxies and OIDC are read with the web security.
/// </summary>
internal sealed class WebOptions
{
    public const string Section = "DataEngineer:Web";
    public const string DefaultListenAddress = "127.0.0.1";

    /// <summary>How to fix a listen address that is not an IP address.</summary>
    public const string ListenAddressFix = "give an IP address, e.g. 127.0.0.1 (this machine only) or 0.0.0.0 (every interface, as in a container).";

    [IpAddress(ListenAddressFix)]
    public string? ListenAddress { get; set; }

    [Setting("set true or false.")]
    public bool AnonymousReadOnly { get; set; }

    /// <summary>The address to bind, ready for a URL (IPv6 in brackets).</summary>
    public string Listen => IpAddressAttribute.ForUrl(ListenAddress, DefaultListenAddress);
}
