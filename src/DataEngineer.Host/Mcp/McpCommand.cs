using System.CommandLine;
using DataEngineer.Execution.Hosting;
using DataEngineer.Host.Cli;
using DataEngineer.Host.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DataEngineer.Host.Mcp;

/// <summary>
/// <c>dataengineer mcp</c>: the MCP server over stdio, for an assistant on a developer's machine. It reads the metadata
/// database this configuration names (as every CLI verb does) and the task connections for <c>sample_rows</c>; stdout
/// carries the protocol only, logs go to stderr.
/// </summary>
internal static class McpCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("mcp", "Serve the orchestrator's runtime facts to an AI assistant over the Model Context Protocol (stdio; read-only).");
        command.SetAction(async (_, ct) =>
        {
            await using var metadata = await MetadataConnection.OpenAsync(env.Configuration, ct);
            var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
            builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning);
            builder.Services.AddSingleton(TimeProvider.System);
            builder.Services.AddMetadataStore(metadata.Store);
            builder.Services.AddSingleton(metadata.Alerts);
            builder.Services.AddSingleton(ConnectionSources.Read(env.Configuration));
            builder.Services.AddSingleton<McpFacts>();
            builder.Services.AddMcpServer(o => o.ServerInfo = new() { Name = "dataengineer", Version = HostVersion.Package })
                .WithStdioServerTransport()
                .AddDataEngineerTools();
            await builder.Build().RunAsync(ct);
            return ExitCodes.Success;
        });
        return command;
    }
}
