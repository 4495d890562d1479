using DataEngineer.Host.Cli;
using DataEngineer.Host.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DataEngineer.Host.Mcp;

/// <summary>
/// The MCP server over streamable HTTP at <c>/mcp</c> on the web role: stateless (any web replica answers), and only for
/// a configured API key (header <c>X-Api-Key</c> or <c>Authorization: Bearer</c>; a viewer key is enough, every tool
/// reads). Without a key it answers 401.
/// </summary>
internal static class McpEndpoint
{
    public const string Path = "/mcp";

    public static void AddServices(IServiceCollection services)
    {
        services.AddSingleton<McpFacts>();
        services.AddMcpServer(o => o.ServerInfo = new() { Name = "dataengineer", Version = HostVersion.Package })
            .WithHttpTransport(o => o.Stateless = true)
            .AddDataEngineerTools();
    }

    public static void Map(IEndpointRouteBuilder app) => app.MapMcp(Path).RequireAuthorization(ApiPolicies.Mcp);
}
