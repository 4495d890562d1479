using DataEngineer.Core.Execution;
using DataEngineer.Core.Storage;
using DataEngineer.Host.Cli;
using Microsoft.Extensions.Configuration;

namespace DataEngineer.Host.Hosting;

/// <summary>
/// Engine settings from configuration: <c>DataEngineer:ZombieTimeoutSeconds</c> (default 60),
/// <c>DataEngineer:DagsArePausedAtCreation</c> (default true) and <c>DataEngineer:Pools:&lt;name&gt;</c> = slots.
/// A value that cannot be read is an error naming the key.
/// </summary>
internal static class EngineConfiguration
{
    public static SchedulerOptions Scheduler(IConfiguration configuration) => new()
    {
        ZombieTimeout = TimeSpan.FromSeconds(Int(configuration, "DataEngineer:ZombieTimeoutSeconds", 60, min: 5)),
        DagsArePausedAtCreation = Bool(configuration, "DataEngineer:DagsArePausedAtCreation", true),
    };

    public static IReadOnlyList<Pool> Pools(IConfiguration configuration) =>
        configuration.GetSection("DataEngineer:Pools").GetChildren()
            .Select(p => new Pool(p.Key, Int(configuration, $"DataEngineer:Pools:{p.Key}", 0, min: 0)))
            .ToList();

    private static int Int(IConfiguration configuration, string key, int fallback, int min)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return int.TryParse(text, out var value) && value >= min
            ? value
            : throw new CliError($"{key} is '{text}'; set a whole number of at least {min}.");
    }

    private static bool Bool(IConfiguration configuration, string key, bool fallback)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return bool.TryParse(text, out var value) ? value : throw new CliError($"{key} is '{text}'; set true or false.");
    }
}
