using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace DataEngineer.Host.Hosting;

/// <summary>
/// The data-protection keys every DataEngineer process uses, the web host's and the CLI's alike, so a secret variable
/// encrypted by one is readable by the others: one application name, whatever folder a process starts in.
/// </summary>
internal static class EngineDataProtection
{
    public const string ApplicationName = "DataEngineer";

    public static void Add(IServiceCollection services) => services.AddDataProtection().SetApplicationName(ApplicationName);

    /// <summary>A provider for a process without a host (CLI verbs), with the same keys as <see cref="Add"/>.</summary>
    public static ServiceProvider CreateServices()
    {
        var services = new ServiceCollection();
        Add(services);
        return services.BuildServiceProvider();
    }
}
