using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace DataEngineer.Host.Settings;

/// <summary>Allowed hosts are host names, trusted proxies IP addresses and their networks CIDR ranges; each failure names the key, the entry and the fix.</summary>
internal sealed class WebHostingValidator(IConfigurationSection section) : IValidateOptions<WebHostingOptions>
{
    public ValidateOptionsResult Validate(string? name, WebHostingOptions options)
    {
        var proxies = $"{section.Path}:ForwardedHeaders:KnownProxies";
        var networks = $"{section.Path}:ForwardedHeaders:KnownNetworks";
        string[] failures =
        [
            .. options.AllowedHosts
                .Where(h => h != "*" && (h.Contains('/', StringComparison.Ordinal) || (h.Contains(':', StringComparison.Ordinal) && !h.StartsWith('['))))
                .Select(h => $"{section.Path}:AllowedHosts has '{h}': give host names only, without scheme, path or port, e.g. dataengineer.example.com or *.example.com."),
            .. options.ForwardedHeaders.KnownProxies.Where(p => !IPAddress.TryParse(p, out _))
                .Select(p => $"{proxies} has '{p}', not an IP address: give the reverse proxy's address, e.g. 10.0.0.5."),
            .. options.ForwardedHeaders.KnownNetworks.Where(n => !IPNetwork.TryParse(n, out _))
                .Select(n => $"{networks} has '{n}', not a network: give it in CIDR form, e.g. 10.0.0.0/8."),
        ];
        return failures.Length == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
