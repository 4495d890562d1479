using System.Net;
using DataEngineer.Host.Cli;
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

    /// <summary>The address in <paramref name="key"/> (default <see cref="Key"/>), ready for a URL; loopback when unset.</summary>
    /// <exception cref="CliError">The setting is not an IP address.</exception>
    public static string Read(IConfiguration configuration, string key = Key)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return Default;
        }

        return IPAddress.TryParse(text.Trim(), out var address)
            ? address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString()
            : throw new CliError($"{key} is '{text}'; give an IP address, e.g. 127.0.0.1 (this machine only) or 0.0.0.0 (every interface, as in a container).");
    }
}
