using System.Reflection;
using System.Runtime.Loader;

namespace DataEngineer.Execution.Loading;

/// <summary>
/// Holds compiled units of DAG code, collectible so that replaced versions can be unloaded.
/// Everything else (the Sdk, Npgsql, the framework) resolves from the default context, so DAG
/// classes share the engine's types. The units a registry loads at its first scan share one
/// context (a thousand contexts cost seconds at startup); a unit loaded later, after a change,
/// gets a context of its own. A context is unloaded when the last unit it holds is released.
/// A DAG built with its own NuGet dependencies (a project unit, a published DAG assembly) gets a context
/// with its <paramref name="dependencies"/>: they load here from beside the DAG's assembly, except the
/// assemblies shared with the host (<see cref="DagCompileSurface.IsShared"/>), which must be the host's for
/// the types to unify.
/// </summary>
internal sealed class DagLoadContext(string name, AssemblyDependencyResolver? dependencies = null) : AssemblyLoadContext(name, isCollectible: true)
{
    private int _units;

    /// <summary>Counts one more unit whose code lives here.</summary>
    public void Hold() => Interlocked.Increment(ref _units);

    /// <summary>Releases one unit; the last one unloads the context, whose code is collected once nothing references it.</summary>
    public WeakReference Release()
    {
        var reference = new WeakReference(this);
        if (Interlocked.Decrement(ref _units) == 0)
        {
            Unload();
        }

        return reference;
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (dependencies is null || DagCompileSurface.IsShared(assemblyName))
        {
            return null;
        }

        return dependencies.ResolveAssemblyToPath(assemblyName) is { } path ? LoadFromAssemblyPath(path) : null;
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
        dependencies?.ResolveUnmanagedDllToPath(unmanagedDllName) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;
}
