using System.Reflection;
using DataEngineer.Core.Loading;

namespace DataEngineer.Execution.Loading;

/// <summary>
/// The DAGs of built DAG assemblies (<c>DataEngineer:DagAssemblies</c>): each loaded into a context of its own with its
/// NuGet dependencies resolved from beside it (a <c>dotnet publish</c> folder), the Sdk and the .NET runtime from the
/// host. An assembly that is missing, not an assembly, or lacks a dependency is an import error naming it; the others load.
/// </summary>
public static class DagAssemblyCatalog
{
    public static DagCatalog Load(IEnumerable<Assembly> loaded, IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var assemblies = new List<Assembly>(loaded);
        var errors = new List<DagImportError>();
        foreach (var path in paths)
        {
            try
            {
                var (assembly, context, missing) = DagAssemblyFile.Load(path, $"dag-assembly:{path}");
                if (missing is null)
                {
                    assemblies.Add(assembly);
                }
                else
                {
                    errors.Add(new DagImportError(path, null, missing));
                    context.Unload();
                }
            }
            catch (Exception e) when (e is IOException or BadImageFormatException or ArgumentException or System.Security.SecurityException)
            {
                errors.Add(new DagImportError(path, null, $"the DAG assembly could not be loaded ({e.GetType().Name}: {e.Message}). Check DataEngineer:DagAssemblies."));
            }
        }

        var catalog = DagCatalog.FromAssemblies(assemblies.Distinct());
        return errors.Count == 0 ? catalog : catalog.WithErrors(errors);
    }
}
