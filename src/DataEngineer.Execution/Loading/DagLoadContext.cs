using System.Reflection;
using System.Runtime.Loader;

namespace DataEngineer.Execution.Loading;

/// <summary>
/// Holds compiled units of DAG code. Everything else (the Sdk, Npgsql, the framework) resolves from the default
/// context, so DAG classes share the engine's types. The units a registry loads at its first scan share one context
/// (a thousand contexts cost seconds at startup), and that one is not collectible: the runtime runs code of a
/// collectible context markedly slower (the warm start of 1,000 DAG files spent 2–4 times as long running their
/// classes), and it would only be unloaded once every DAG file of the startup had changed. So a file changed later
/// leaves its startup version loaded until the process restarts (one version per file at most). A unit loaded
/// after a change gets a collectible context of its own, unloaded when the unit is released, so editing a file
/// again and again does not keep old code loaded.
/// A DAG built with its own NuGet dependencies (a project unit, a published DAG assembly) gets a context
/// with its <paramref name="dependencies"/>: they load here from beside the DAG's assembly, except the
/// assemblies shared with the host (<see cref="DagCompileSurface.IsShared"/>), which must be the host's for
/// the types to unify.
/// </summary>
internal sealed class DagLoadContext(string name, AssemblyDependencyResolver? dependencies = null, bool collectible = true) : AssemblyLoadContext(name, collectible)
{
    private int _units;

    /// <summary>Counts one more unit whose code lives here.</summary>
    public void Hold() => Interlocked.Increment(ref _units);

    /// <summary>
    /// Releases one unit; the last one unloads a collectible context, whose code is collected once nothing references
    /// it (the reference returned says when). Null when the context is not collectible: its code stays loaded.
    /// </summary>
    public WeakReference? Release()
    {
        if (!IsCollectible)
        {
            return null;
        }

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
