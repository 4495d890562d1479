using DataEngineer.Core.Execution;
using Microsoft.Extensions.Configuration;

namespace DataEngineer.Host.Hosting;

/// <summary>
/// Task runtime options from configuration (<c>DataEngineer:XComMaxBytes</c>, <c>DataEngineer:LogFlushIntervalMs</c>,
/// <c>DataEngineer:MaxMapLength</c>)
/// and the resolved connections.
/// </summary>
internal static class RuntimeOptions
{
    public static TaskRuntimeOptions From(IConfiguration configuration, TaskConnections connections)
    {
        var defaults = new TaskRuntimeOptions();
        var limit = PositiveInt(configuration, "DataEngineer:XComMaxBytes", TaskRuntimeOptions.DefaultXComMaxBytes, "bytes");
        var flush = PositiveInt(configuration, "DataEngineer:LogFlushIntervalMs", (int)defaults.LogFlushInterval.TotalMilliseconds, "milliseconds");
        var maxMapLength = PositiveInt(configuration, "DataEngineer:MaxMapLength", TaskRuntimeOptions.DefaultMaxMapLength, "instances");
        return new TaskRuntimeOptions
        {
            Connections = connections.Registry, XComMaxBytes = limit, LogFlushInterval = TimeSpan.FromMilliseconds(flush), MaxMapLength = maxMapLength,
        };
    }

    private static int PositiveInt(IConfiguration configuration, string key, int fallback, string unit)
    {
        var text = configuration[key];
        var value = fallback;
        if (!string.IsNullOrWhiteSpace(text) && (!int.TryParse(text, out value) || value < 1))
        {
            throw new Cli.CliError($"{key} is '{text}'; set a positive whole number of {unit} (default {fallback}).");
        }

        return value;
    }
}
