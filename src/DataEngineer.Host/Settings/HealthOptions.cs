using DataEngineer.Host.Hosting.Health;

namespace DataEngineer.Host.Settings;

/// <summary>
/// The optional probe port of a scheduler or worker under <c>DataEngineer:Health</c>: <c>Port</c> (unset = none) on
/// <c>ListenAddress</c> (default 127.0.0.1; 0.0.0.0 in a pod, so the kubelet reaches it).
/// </summary>
internal sealed class HealthOptions
{
    public const string Section = "DataEngineer:Health";

    [WholeNumber(1, 65535, "set a port number from 1 to 65535 (or leave it unset for no health port).")]
    public int? Port { get; set; }

    [IpAddress(WebOptions.ListenAddressFix)]
    public string? ListenAddress { get; set; }

    /// <summary>The configured probe listener, or null when <see cref="Port"/> is unset.</summary>
    public HealthProbe? Probe => Port is { } port ? new HealthProbe(IpAddressAttribute.ForUrl(ListenAddress, WebOptions.DefaultListenAddress), port) : null;
}
