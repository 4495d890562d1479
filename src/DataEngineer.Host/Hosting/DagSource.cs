using System.Reflection;
using DataEngineer.Core.Loading;
using DataEngineer.Host.Cli;
using Microsoft.Extensions.Configuration;

namespace DataEngineer.Host.Hosting;

/// <summary>
/// Loads the DAGs the host knows: the bundled example DAGs and every assembly listed in
/// <c>DataEngineer:DagAssemblies</c> (an array, or paths separated by ';'). An assembly that cannot
/// be loaded is an import error; the other DAGs still load.
/// </summary>
internal static class DagSource
{
    public static DagCatalog Load(CliEnvironment env)
    {
        var assemblies = new List<Assembly>(env.DagAssemblies);
        var errors = new List<DagImportError>();
        foreach (var path in ConfiguredPaths(env.Configuration))
        {
            try
            {
                assemblies.Add(Assembly.LoadFrom(Path.GetFullPath(path)));
            }
            catch (Exception e) when (e is IOException or BadImageFormatException or ArgumentException or System.Security.SecurityException)
            {
                errors.Add(new DagImportError(path, null, $"the DAG assembly could not be loaded ({e.GetType().Name}: {e.Message}). Check DataEngineer:DagAssemblies."));
            }
        }

        var catalog = DagCatalog.FromAssemblies(assemblies.Distinct());
        return errors.Count == 0 ? catalog : catalog.WithErrors(errors);
    }

    private static IEnumerable<string> ConfiguredPaths(IConfiguration configuration)
    {
        var section = configuration.GetSection("DataEngineer:DagAssemblies");
        var listed = section.GetChildren().Select(c => c.Value).OfType<string>().ToList();
        var joined = section.Value?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        return listed.Concat(joined).Where(p => !string.IsNullOrWhiteSpace(p));
    }
}
