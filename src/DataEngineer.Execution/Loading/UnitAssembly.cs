using System.Reflection;
using DataEngineer.Core.Loading;

namespace DataEngineer.Execution.Loading;

/// <summary>A unit's compiled image loaded into a context, with its DAG classes (each named by its file), before they are built.</summary>
internal sealed record UnitAssembly(DagSourceUnit Unit, DagLoadContext Context, IReadOnlyList<DagClass> Classes, IReadOnlyList<DagImportError> Errors)
{
    /// <summary>Loads the image into <paramref name="context"/>; the DAGs' SQL files and templates are looked for in <paramref name="dagsFolder"/>.</summary>
    /// <exception cref="BadImageFormatException">The image is not a valid assembly.</exception>
    /// <exception cref="FileLoadException">The image could not be loaded.</exception>
    public static UnitAssembly Load(DagSourceUnit unit, DagCompilation compilation, DagLoadContext context, string dagsFolder)
    {
        using var image = new MemoryStream(compilation.Image!);
        var assembly = context.LoadFromStream(image);
        return Inspect(unit, assembly, context, dagsFolder, t => compilation.TypeFiles.GetValueOrDefault(t.FullName ?? "", unit.Name));
    }

    /// <summary>
    /// Loads a project unit's built assembly into a context of its own that resolves the project's dependencies from
    /// beside it; a dependency that cannot be found is an import error naming it.
    /// </summary>
    /// <exception cref="BadImageFormatException">The file is not a valid assembly.</exception>
    /// <exception cref="FileLoadException">The file could not be loaded.</exception>
    public static UnitAssembly LoadBuilt(DagSourceUnit unit, string assemblyPath, string dagsFolder)
    {
        var (assembly, context, missing) = DagAssemblyFile.Load(assemblyPath, $"dags:{unit.Name}:{unit.Hash}");
        if (missing is not null)
        {
            return new UnitAssembly(unit, context, [], [new DagImportError(unit.Name, null, missing)]);
        }

        return Inspect(unit, assembly, context, dagsFolder, _ => unit.Name);
    }

    private static UnitAssembly Inspect(DagSourceUnit unit, Assembly assembly, DagLoadContext context, string dagsFolder, Func<Type, string> fileOf)
    {
        Sdk.DagFiles.SetFolder(assembly, dagsFolder);
        try
        {
            var classes = assembly.GetTypes()
                .OrderBy(t => t.FullName, StringComparer.Ordinal)
                .Select(t => new DagClass(t, fileOf(t)))
                .ToList();
            return new UnitAssembly(unit, context, classes, []);
        }
        catch (ReflectionTypeLoadException e)
        {
            var why = e.LoaderExceptions.FirstOrDefault(x => x is not null)?.Message ?? e.Message;
            return new UnitAssembly(unit, context, [], [new DagImportError(unit.Name, null, $"a type could not be loaded: {why}")]);
        }
    }
}
