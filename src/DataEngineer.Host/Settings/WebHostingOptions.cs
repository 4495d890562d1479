using System.Net;
using DataEngineer.Host.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace DataEngineer.Host.Settings;

/// <summary>
/// Where the web host sits, under <c>DataEngineer:Web</c>: <c>AllowedHosts</c>, <c>ForwardedHeaders:KnownProxies</c> and
/// <c>:KnownNetworks</c> (each a list: entries, or one value separated by <c>;</c> or <c>,</c>); checked by
/// <see cref="WebHostingValidator"/>. Unset allowed hosts are the loopback names when the web host listens on loopback;
/// listening on other addresses needs them set, since the names users reach the server by are not known here.
/// </summary>
internal sealed class WebHostingOptions
{
    public const string Section = WebOptions.Section;

    /// <summary>Always accepted: a request naming this machine was meant for it (container health checks use these).</summary>
    public static readonly IReadOnlyList<string> LoopbackHosts = ["localhost", "127.0.0.1", "[::1]"];

    /// <summary>Host names users reach the web host by, e.g. dataengineer.example.com or *.example.com; * for any.</summary>
    public List<string> AllowedHosts { get; } = [];

    public TrustedProxiesOptions ForwardedHeaders { get; } = new();

    /// <summary>The web host's deployment: these settings and the <see cref="WebLoginOptions"/>, for a web host binding <paramref name="listenAddress"/> (<see cref="WebOptions.Listen"/>).</summary>
    /// <exception cref="OptionsValidationException">A setting is unusable, or allowed hosts are unset while the web host listens on a non-loopback address.</exception>
    public static WebDeploymentOptions Read(IConfiguration configuration, string listenAddress)
    {
        var hosting = StartupSettings.Read<WebHostingOptions>(configuration);
        // Only a web host answers requests: every role shares the image's ListenAddress, so this is checked here, not at start.
        if (hosting.AllowedHosts.Count == 0 && !IsLoopback(listenAddress))
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(WebHostingOptions),
            [
                $"{Section}:AllowedHosts is not set but the web host listens on {listenAddress}: set the host names users reach it by, " +
                "e.g. DataEngineer__Web__AllowedHosts=dataengineer.example.com (several separated by ';', '*' for any, not recommended).",
            ]);
        }

        return new WebDeploymentOptions
        {
            AllowedHosts = hosting.AllowedHosts.Contains("*") ? ["*"] : [.. hosting.AllowedHosts.Concat(LoopbackHosts).Distinct(StringComparer.OrdinalIgnoreCase)],
            KnownProxies = [.. hosting.ForwardedHeaders.KnownProxies.Select(IPAddress.Parse)],
            KnownNetworks = [.. hosting.ForwardedHeaders.KnownNetworks.Select(n => IPNetwork.Parse(n))],
            Login = StartupSettings.Read<WebLoginOptions>(configuration).Throttle,
        };
    }

    private static bool IsLoopback(string listenAddress) => IPAddress.TryParse(listenAddress.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
}
