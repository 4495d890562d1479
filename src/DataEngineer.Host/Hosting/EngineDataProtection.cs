using DataEngineer.Postgres.Metadata;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DataEngineer.Host.Hosting;

/// <summary>
/// The data-protection keys every DataEngineer process uses, the hosts' and the CLI's alike: one application name and one
/// key ring in the metadata database (<c>data_protection_keys</c>), so cookies, antiforgery tokens and secret variables
/// protected by one process are readable by the others, whatever machine or folder they start in.
/// </summary>
internal static class EngineDataProtection
{
    public const string ApplicationName = "DataEngineer";

    public static void Add(IServiceCollection services, NpgsqlDataSource metadata) => services.AddDataProtection().SetApplicationName(ApplicationName)
        .AddKeyManagementOptions(o => o.XmlRepository = new PostgresXmlRepository(metadata));

    /// <summary>A provider for a process without a host (CLI verbs), with the same keys as <see cref="Add"/>.</summary>
    public static ServiceProvider CreateServices(NpgsqlDataSource metadata)
    {
        var services = new ServiceCollection();
        Add(services, metadata);
        return services.BuildServiceProvider();
    }
}
