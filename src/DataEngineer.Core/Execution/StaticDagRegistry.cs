using DataEngineer.Core.Loading;
using DataEngineer.Core.Validation;

namespace DataEngineer.Core.Execution;

/// <summary>A registry of DAGs loaded once (from assemblies at start-up).</summary>
public sealed class StaticDagRegistry(IEnumerable<DagGraph> dags) : IDagRegistry
{
    private readonly Dictionary<string, DagGraph> _dags = dags.ToDictionary(d => d.DagId, StringComparer.Ordinal);

    public StaticDagRegistry(DagCatalog catalog)
        : this(catalog.Dags.Values)
    {
    }

    public IReadOnlyCollection<DagGraph> Dags => _dags.Values;

    public DagGraph? Find(string dagId) => _dags.GetValueOrDefault(dagId);
}
