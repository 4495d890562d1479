using DataEngineer.Core.Loading;

namespace DataEngineer.Execution.Loading;

/// <summary>A compiled unit loaded into its own context, with the DAGs built from it.</summary>
internal sealed class LoadedUnit(DagSourceUnit unit, DagLoadContext context, DagCatalog catalog)
{
    public DagSourceUnit Unit { get; } = unit;

    public DagCatalog Catalog { get; } = catalog;

    /// <summary>Unloads the unit's code once nothing references it any more.</summary>
    public WeakReference Unload()
    {
        var reference = new WeakReference(context);
        context.Unload();
        return reference;
    }

    /// <summary>Loads the unit's compiled image and builds its DAGs; their SQL files and templates are looked for in <paramref name="dagsFolder"/>.</summary>
    public static LoadedUnit Load(DagSourceUnit unit, DagCompilation compilation, string dagsFolder)
    {
        var context = new DagLoadContext($"dags:{unit.Name}:{unit.Hash}");
        using var image = new MemoryStream(compilation.Image!);
        var assembly = context.LoadFromStream(image);
        Sdk.DagFiles.SetFolder(assembly, dagsFolder);
        DagCatalog catalog;
        try
        {
            catalog = DagCatalog.FromAssembly(assembly, t => compilation.TypeFiles.GetValueOrDefault(t.FullName ?? "", unit.Name));
        }
        catch (System.Reflection.ReflectionTypeLoadException e)
        {
            var why = e.LoaderExceptions.FirstOrDefault(x => x is not null)?.Message ?? e.Message;
            catalog = DagCatalog.Empty.WithErrors([new DagImportError(unit.Name, null, $"a type could not be loaded: {why}")]);
        }

        return new LoadedUnit(unit, context, catalog);
    }
}
