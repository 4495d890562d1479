using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace DataEngineer.Host.Cli;

/// <summary>What a CLI invocation runs against: configuration, output streams and DAG assemblies loaded besides the DAGs folder. Tests build their own.</summary>
internal sealed record CliEnvironment(IConfiguration Configuration, TextWriter Out, TextWriter Error, IReadOnlyList<Assembly> DagAssemblies, bool Interactive)
{
    public static CliEnvironment FromProcess()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();
        var interactive = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("CI") is null;
        return new CliEnvironment(configuration, Console.Out, Console.Error, [], interactive);
    }

    /// <summary>This environment with <paramref name="key"/> set to <paramref name="value"/> over the configuration.</summary>
    public CliEnvironment WithSetting(string key, string value) => this with
    {
        Configuration = new ConfigurationBuilder().AddConfiguration(Configuration).AddInMemoryCollection([new(key, value)]).Build(),
    };
}
