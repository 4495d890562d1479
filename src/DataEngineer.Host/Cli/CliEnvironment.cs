using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace DataEngineer.Host.Cli;

/// <summary>What a CLI invocation runs against: configuration, output streams and DAG assemblies loaded besides the DAGs folder. Tests build their own.</summary>
internal sealed record CliEnvironment(IConfiguration Configuration, TextWriter Out, TextWriter Error, IReadOnlyList<Assembly> DagAssemblies, bool Interactive)
{
    /// <summary>A directory of files each named after a setting (<c>ConnectionStrings__Metadata</c>) and holding its value: secrets mounted as files.</summary>
    public const string SettingsDirectoryKey = "DataEngineer:SettingsDirectory";

    /// <summary>Why the configuration could not be read (reported by <see cref="CliApp"/> before any verb runs), or null.</summary>
    public string? ConfigurationProblem { get; init; }

    /// <summary>
    /// The one configuration root of this process, later sources winning: <c>appsettings.json</c>, then
    /// <c>appsettings.{Environment}.json</c> (<c>DOTNET_ENVIRONMENT</c> or <c>ASPNETCORE_ENVIRONMENT</c>, default
    /// Production), each next to the executable and then in the working directory; environment variables; and the files
    /// of <see cref="SettingsDirectoryKey"/>.
    /// </summary>
    public static CliEnvironment FromProcess()
    {
        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? "Production";
        var builder = new ConfigurationBuilder();
        foreach (var file in new[] { "appsettings.json", $"appsettings.{environment}.json" })
        {
            builder.AddJsonFile(Path.Combine(AppContext.BaseDirectory, file), optional: true)
                .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), file), optional: true);
        }

        var configuration = builder.AddEnvironmentVariables().Build();
        var problem = AddSettingsDirectory(builder, configuration[SettingsDirectoryKey]);
        var interactive = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("CI") is null;
        return new CliEnvironment(problem is null ? builder.Build() : configuration, Console.Out, Console.Error, [], interactive) { ConfigurationProblem = problem };
    }

    /// <summary>This environment with <paramref name="key"/> set to <paramref name="value"/> over the configuration.</summary>
    public CliEnvironment WithSetting(string key, string value) => this with
    {
        Configuration = new ConfigurationBuilder().AddConfiguration(Configuration).AddInMemoryCollection([new(key, value)]).Build(),
    };

    private static string? AddSettingsDirectory(ConfigurationBuilder builder, string? directory)
    {
        if (string.IsNullOrWhiteSpace(directory))
        {
            return null;
        }

        var full = Path.GetFullPath(directory);
        if (!Directory.Exists(full))
        {
            return $"{SettingsDirectoryKey} is '{directory}', which is not a directory. Mount the settings secret there (one file per setting, named like ConnectionStrings__Metadata), or unset {SettingsDirectoryKey}.";
        }

        try
        {
            // Read now, so that an unreadable file is reported here rather than as a stack trace.
            new ConfigurationBuilder().AddKeyPerFile(full, optional: false).Build();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"Cannot read the settings files in {full} ({SettingsDirectoryKey}): {e.Message} Make every file there readable by the user DataEngineer runs as.";
        }

        builder.AddKeyPerFile(full, optional: false);
        return null;
    }
}
