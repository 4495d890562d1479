using System.Globalization;
using DataEngineer.Host.Cli;
using Microsoft.Extensions.Configuration;

namespace DataEngineer.Host.Hosting.Health;

/// <summary>
/// The optional HTTP port of a scheduler or worker (no web role) for its probes: <c>DataEngineer:Health:Port</c>, on
/// <c>DataEngineer:Health:ListenAddress</c> (default 127.0.0.1; 0.0.0.0 in a pod, so the kubelet reaches it). It serves
/// <c>/health/live</c> and <c>/health/ready</c> only, status without detail.
/// </summary>
internal sealed record HealthProbe(string Address, int Port)
{
    public const string PortKey = "DataEngineer:Health:Port";
    public const string ListenAddressKey = "DataEngineer:Health:ListenAddress";

    public string Url => $"http://{Address}:{Port}";

    /// <summary>The configured probe listener, or null when <see cref="PortKey"/> is unset.</summary>
    /// <exception cref="CliError">The port is not a number from 1 to 65535, or the address is not an IP address.</exception>
    public static HealthProbe? Read(IConfiguration configuration)
    {
        var text = configuration[PortKey];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new CliError($"{PortKey} is '{text}'; set a port number from 1 to 65535 (or leave it unset for no health port).");
        }

        return new HealthProbe(WebListenAddress.Read(configuration, ListenAddressKey), port);
    }
}
