using DataEngineer.Core.Loading;

namespace DataEngineer.Execution.Loading;

/// <summary>A compiled unit loaded into a context, with the DAGs built from it.</summary>
internal sealed class LoadedUnit
{
    private readonly DagLoadContext _context;

    public LoadedUnit(UnitAssembly assembly, DagCatalog catalog)
    {
        Unit = assembly.Unit;
        Catalog = catalog.WithErrors(assembly.Errors);
        _context = assembly.Context;
        _context.Hold();
    }

    public DagSourceUnit Unit { get; }

    public DagCatalog Catalog { get; }

    /// <summary>
    /// Releases the unit's code: a collectible context is unloaded with its last unit, and collected once nothing
    /// references it; null for the startup context, which stays loaded.
    /// </summary>
    public WeakReference? Unload() => _context.Release();
}
