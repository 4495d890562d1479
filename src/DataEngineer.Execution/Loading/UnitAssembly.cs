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
        Sdk.DagFiles.SetFolder(assembly, dagsFolder);
        try
        {
            var classes = assembly.GetTypes()
                .OrderBy(t => t.FullName, StringComparer.Ordinal)
                .Select(t => new DagClass(t, compilation.TypeFiles.GetValueOrDefault(t.FullName ?? "", unit.Name)))
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
