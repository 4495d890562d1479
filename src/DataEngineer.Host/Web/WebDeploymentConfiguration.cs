using System.Net;
using DataEngineer.Host.Cli;
using DataEngineer.Host.Settings;
using Microsoft.Extensions.Configuration;

namespace DataEngineer.Host.Web;

/// <summary>
/// Reads <c>DataEngineer:Web:AllowedHosts</c>, <c>:ForwardedHeaders:KnownProxies</c>, <c>:ForwardedHeaders:KnownNetworks</c>
/// (each a list: children, or one value separated by <c>;</c> or <c>,</c>) and <c>:Login:AttemptsPerUser</c>,
/// <c>:AttemptsPerAddress</c>, <c>:Window</c>. Unset allowed hosts are the loopback names when the web host listens on
/// loopback; listening on other addresses needs them set, since the names users reach the server by are not known here.
/// </summary>
internal static class WebDeploymentConfiguration
{
    public const string AllowedHostsKey = "DataEngineer:Web:AllowedHosts";
    public const string KnownProxiesKey = "DataEngineer:Web:ForwardedHeaders:KnownProxies";
    public const string KnownNetworksKey = "DataEngineer:Web:ForwardedHeaders:KnownNetworks";

    /// <summary>Always accepted: a request naming this machine was meant for it (container health checks use these).</summary>
    public static readonly IReadOnlyList<string> LoopbackHosts = ["localhost", "127.0.0.1", "[::1]"];

    /// <summary>Reads the settings; <paramref name="listenAddress"/> is the address the web host binds (<see cref="WebOptions.Listen"/>).</summary>
    /// <exception cref="CliError">A value is not usable, or allowed hosts are unset on a non-loopback address.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">A login limit is not usable (<see cref="WebLoginOptions"/>).</exception>
    public static WebDeploymentOptions Read(IConfiguration configuration, string listenAddress)
    {
        var hosts = List(configuration, AllowedHostsKey);
        if (hosts.Count == 0 && !IsLoopback(listenAddress))
        {
            throw new CliError($"{AllowedHostsKey} is not set but the web host listens on {listenAddress}: set the host names users reach it by, " +
                $"e.g. DataEngineer__Web__AllowedHosts=dataengineer.example.com (several separated by ';', '*' for any, not recommended).");
        }

        foreach (var host in hosts.Where(h => h != "*" && (h.Contains('/', StringComparison.Ordinal) || h.Contains(':', StringComparison.Ordinal) && !h.StartsWith('['))))
        {
            throw new CliError($"{AllowedHostsKey} has '{host}': give host names only, without scheme, path or port, e.g. dataengineer.example.com or *.example.com.");
        }

        return new WebDeploymentOptions
        {
            AllowedHosts = hosts.Contains("*") ? ["*"] : [.. hosts.Concat(LoopbackHosts).Distinct(StringComparer.OrdinalIgnoreCase)],
            KnownProxies = [.. List(configuration, KnownProxiesKey).Select(p => IPAddress.TryParse(p, out var address)
                ? address
                : throw new CliError($"{KnownProxiesKey} has '{p}', not an IP address: give the reverse proxy's address, e.g. 10.0.0.5."))],
            KnownNetworks = [.. List(configuration, KnownNetworksKey).Select(n => IPNetwork.TryParse(n, out var network)
                ? network
                : throw new CliError($"{KnownNetworksKey} has '{n}', not a network: give it in CIDR form, e.g. 10.0.0.0/8."))],
            Login = StartupSettings.Read<WebLoginOptions>(configuration).Throttle,
        };
    }

    private static bool IsLoopback(string listenAddress) => IPAddress.TryParse(listenAddress.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);

    private static List<string> List(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection(key);
        var values = section.GetChildren().Any() ? section.GetChildren().Select(c => c.Value ?? "") : [section.Value ?? ""];
        return [.. values.SelectMany(v => v.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
    }

}
