using DataEngineer.Core.Execution;
using DataEngineer.Core.Loading;
using DataEngineer.Execution.Governance;
using DataEngineer.Execution.Loading;
using DataEngineer.Host.Cli;
using Microsoft.Extensions.Configuration;

namespace DataEngineer.Host.Hosting;

/// <summary>
/// Loads the DAGs the host knows: every C# file of the DAGs folder (<c>DataEngineer:DagsFolder</c>,
/// or <c>--dags-folder</c>; by default <c>./dags</c> when it exists), compiled in process, and every
/// assembly listed in <c>DataEngineer:DagAssemblies</c> (an array, or paths separated by ';'), with its own NuGet
/// dependencies from beside it (<see cref="DagAssemblyCatalog"/>).
/// A file or assembly that cannot be loaded is an import error; the other DAGs still load. The system DAGs
/// derived from them (<c>dataengineer_retention</c>) are registered beside them.
/// </summary>
internal static class DagSource
{
    public const string FolderKey = "DataEngineer:DagsFolder";

    private const string DefaultFolder = "dags";

    /// <summary>The DAGs once, for a CLI command.</summary>
    public static DagCatalog Load(CliEnvironment env) => Open(env) switch
    {
        DagFolderRegistry folder => folder.Catalog,
        _ => WithSystemDags(Assemblies(env)),
    };

    /// <summary>The DAGs for a long-running role, loaded now: a folder registry the host keeps reloading, or a fixed set of assemblies.</summary>
    public static IDagRegistry Open(CliEnvironment env)
    {
        if (Folder(env.Configuration) is not { } folder)
        {
            return new StaticDagRegistry(WithSystemDags(Assemblies(env)));
        }

        var cache = env.Configuration["DataEngineer:DagCacheFolder"];
        var registry = new DagFolderRegistry(
            new DagFolderOptions
            {
                Folder = folder, CacheFolder = cache is null ? DagFolderOptions.DefaultCacheFolder : cache.Length == 0 ? null : cache, SystemDags = RetentionDag.For,
            },
            Assemblies(env), TimeProvider.System);
        registry.Reload();
        return registry;
    }

    /// <summary>The configured folder; <c>./dags</c> when none is configured and it exists; none when the key is set empty.</summary>
    public static string? Folder(IConfiguration configuration)
    {
        var configured = configuration[FolderKey];
        if (configured is not null)
        {
            return string.IsNullOrWhiteSpace(configured) ? null : Path.GetFullPath(configured);
        }

        return Directory.Exists(DefaultFolder) ? Path.GetFullPath(DefaultFolder) : null;
    }

    /// <summary>The loaded DAGs and the system DAGs derived from them (the retention DAG).</summary>
    private static DagCatalog WithSystemDags(DagCatalog loaded) => DagCatalog.Combine([loaded, RetentionDag.For(loaded)]);

    private static DagCatalog Assemblies(CliEnvironment env) => DagAssemblyCatalog.Load(env.DagAssemblies, ConfiguredPaths(env.Configuration));

    private static IEnumerable<string> ConfiguredPaths(IConfiguration configuration)
    {
        var section = configuration.GetSection("DataEngineer:DagAssemblies");
        var listed = section.GetChildren().Select(c => c.Value).OfType<string>().ToList();
        var joined = section.Value?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        return listed.Concat(joined).Where(p => !string.IsNullOrWhiteSpace(p));
    }
}
