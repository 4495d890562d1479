using DataEngineer.Core.Execution;
using Microsoft.Extensions.Configuration;

namespace DataEngineer.Host.Hosting;

/// <summary>Task runtime options from configuration (<c>DataEngineer:XComMaxBytes</c>) and the resolved connections.</summary>
internal static class RuntimeOptions
{
    public static TaskRuntimeOptions From(IConfiguration configuration, TaskConnections connections)
    {
        var text = configuration["DataEngineer:XComMaxBytes"];
        var limit = TaskRuntimeOptions.DefaultXComMaxBytes;
        if (!string.IsNullOrWhiteSpace(text) && (!int.TryParse(text, out limit) || limit < 1))
        {
            throw new Cli.CliError($"DataEngineer:XComMaxBytes is '{text}'; set a positive whole number of bytes (default {TaskRuntimeOptions.DefaultXComMaxBytes}).");
        }

        return new TaskRuntimeOptions { Connections = connections.Registry, XComMaxBytes = limit };
    }
}
