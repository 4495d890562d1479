using System.Reflection;
using System.Runtime.Loader;

namespace DataEngineer.Execution.Loading;

/// <summary>
/// A built DAG assembly on disk (a project unit's build, or one listed in <c>DataEngineer:DagAssemblies</c>), loaded
/// into a collectible context of its own that resolves its dependencies the way the .NET host does for an application:
/// from its <c>.deps.json</c> and the files beside it (<see cref="AssemblyDependencyResolver"/>). Every dependency is
/// loaded up front, so a missing one is named at load time rather than failing a task later.
/// </summary>
internal static class DagAssemblyFile
{
    /// <summary>Loads the assembly; <c>Missing</c> says which dependency could not be found, or is null.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="BadImageFormatException">The file is not a valid assembly.</exception>
    /// <exception cref="FileLoadException">The file could not be loaded.</exception>
    public static (Assembly Assembly, DagLoadContext Context, string? Missing) Load(string path, string contextName)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"There is no file '{full}'.", full);
        }

        AssemblyDependencyResolver? resolver;
        try
        {
            resolver = new AssemblyDependencyResolver(full);
        }
        catch (InvalidOperationException)
        {
            // No readable .deps.json: the assembly still loads, its dependencies from its folder or the host.
            resolver = null;
        }

        var context = new DagLoadContext(contextName, resolver);
        var assembly = context.LoadFromAssemblyPath(full);
        return (assembly, context, Missing(assembly, context, full));
    }

    // Walks the references of every assembly this context loaded (the host's shared ones are the host's business).
    private static string? Missing(Assembly root, AssemblyLoadContext context, string path)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Queue<Assembly>([root]);
        while (pending.TryDequeue(out var assembly))
        {
            foreach (var reference in assembly.GetReferencedAssemblies().Where(r => r.Name is not null && seen.Add(r.Name)))
            {
                Assembly dependency;
                try
                {
                    dependency = context.LoadFromAssemblyName(reference);
                }
                catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
                {
                    return $"the DAG assembly '{Path.GetFileName(path)}' needs '{reference.Name}' version {reference.Version}, which is neither beside it in '{Path.GetDirectoryName(path)}' " +
                           $"(nor listed in its .deps.json) nor shared by the host ({e.GetType().Name}). Publish the DAG project with 'dotnet publish' and load the DLL from the publish folder, which carries the project's NuGet dependencies.";
                }

                if (AssemblyLoadContext.GetLoadContext(dependency) == context)
                {
                    pending.Enqueue(dependency);
                }
            }
        }

        return null;
    }
}
