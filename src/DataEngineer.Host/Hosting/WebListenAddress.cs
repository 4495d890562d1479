using DataEngineer.Host.Cli;
using DataEngineer.Host.Settings;
using Microsoft.Extensions.Configuration;

namespace DataEngineer.Host.Hosting;

/// <summary>
/// <c>DataEngineer:Web:ListenAddress</c>: the IP address the web host binds. Loopback by default, so nothing is
/// exposed by accident; a container sets <c>0.0.0.0</c> so its published port reaches the web host.
/// </summary>
internal static class WebListenAddress
{
    public const string Key = "DataEngineer:Web:ListenAddress";
    public const string Default = "127.0.0.1";

    /// <summary>How to fix a listen address that is not an IP address.</summary>
    public const string Fix = "give an IP address, e.g. 127.0.0.1 (this machine only) or 0.0.0.0 (every interface, as in a container).";

    /// <summary>The address, ready for a URL; loopback when unset.</summary>
    /// <exception cref="CliError">The setting is not an IP address.</exception>
    public static string Read(IConfiguration configuration)
    {
        var text = configuration[Key];
        return new IpAddressAttribute(Fix).IsValid(text) ? IpAddressAttribute.ForUrl(text, Default) : throw new CliError($"{Key} is '{text}'; {Fix}");
    }
}
