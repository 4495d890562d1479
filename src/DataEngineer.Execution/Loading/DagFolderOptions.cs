using DataEngineer.Core.Loading;

namespace DataEngineer.Execution.Loading;

/// <summary>Where DAG files are and how their loads are kept.</summary>
public sealed record DagFolderOptions
{
    /// <summary>The folder of DAG files (<c>DataEngineer:DagsFolder</c>).</summary>
    public required string Folder { get; init; }

    /// <summary>Where compiled units are cached between processes; null compiles every time.</summary>
    public string? CacheFolder { get; init; }

    /// <summary>How long building a DAG project unit (restore and compile with the .NET SDK) may take before it is an import error.</summary>
    public TimeSpan ProjectBuildTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Where DAG project units are built: beside the compiled units, or a shared temporary folder when nothing is cached.</summary>
    public string ProjectBuildFolder => CacheFolder is { } cache
        ? Path.Combine(cache, "projects")
        : Path.Combine(Path.GetTempPath(), "dataengineer-dag-projects");

    /// <summary>How long a replaced version stays loaded even when no run uses it, for runs created just before the change.</summary>
    public TimeSpan RetiredGrace { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// DAGs the engine derives from the loaded ones (the retention DAG), added at each reload; null adds none.
    /// Their version changes when what they are derived from does, in every process alike.
    /// </summary>
    public Func<DagCatalog, DagCatalog>? SystemDags { get; init; }

    /// <summary>The default cache: per user, under the local application data folder.</summary>
    public static string DefaultCacheFolder =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create) is { Length: > 0 } data ? data : Path.GetTempPath(),
            "dataengineer", "dag-cache");
}
