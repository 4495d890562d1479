using System.Text;
using DataEngineer.Core.Storage;

namespace DataEngineer.Execution.Loading;

/// <summary>The source text of a DAG from its compiled unit: the file declaring the DAG first, then the unit's other files by path.</summary>
internal static class DagCodes
{
    public static DagCode Of(LoadedUnit loaded, string dagId)
    {
        var declaring = loaded.Catalog.Sources.GetValueOrDefault(dagId);
        return new DagCode(loaded.Unit.Files
            .OrderBy(f => f.RelativePath == declaring ? 0 : 1)
            .ThenBy(f => f.RelativePath, StringComparer.Ordinal)
            .Select(f => new DagCodeFile(f.RelativePath, Encoding.UTF8.GetString(f.Content).TrimStart('\uFEFF')))
            .ToList());
    }
}
