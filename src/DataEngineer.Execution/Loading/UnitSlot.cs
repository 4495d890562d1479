using DataEngineer.Core.Loading;

namespace DataEngineer.Execution.Loading;

/// <summary>
/// What the registry holds for one unit of the DAGs folder: the latest load that compiled, the last
/// load in which every DAG built (kept while the newer one has import errors, so those DAGs keep
/// their last good version), and the compiler's errors when the latest content does not compile.
/// </summary>
internal sealed class UnitSlot
{
    public LoadedUnit? Current { get; set; }

    public LoadedUnit? LastGood { get; set; }

    public string? FailedHash { get; set; }

    public IReadOnlyList<DagImportError> CompileErrors { get; set; } = [];

    public IEnumerable<LoadedUnit> Held => new[] { Current, LastGood }.OfType<LoadedUnit>().Distinct();

    /// <summary>The DAGs this unit contributes now, and its import errors with what keeps running despite them.</summary>
    public DagCatalog Catalog()
    {
        if (Current is null)
        {
            return DagCatalog.Empty.WithErrors(CompileErrors);
        }

        var current = Current.Catalog.Restrict(_ => true, withErrors: false);
        var kept = LastGood is { } good && good != Current
            ? good.Catalog.Restrict(id => !current.Dags.ContainsKey(id), withErrors: false)
            : DagCatalog.Empty;
        var errors = FailedHash is null ? Current.Catalog.Errors : CompileErrors;
        var older = (FailedHash is null ? kept.Dags.Values : current.Dags.Values.Concat(kept.Dags.Values)).ToList();
        var note = older.Count > 0
            ? $" The last good version of {string.Join(", ", older.Select(g => $"'{g.DagId}' ({g.Version})"))} keeps its schedule until the file is fixed or removed."
            : "";
        return DagCatalog.Combine([current, kept]).WithErrors(errors.Select(e => e with { Message = e.Message + note }));
    }
}
