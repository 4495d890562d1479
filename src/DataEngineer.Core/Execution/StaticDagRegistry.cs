using DataEngineer.Core.Loading;
using DataEngineer.Core.Validation;

namespace DataEngineer.Core.Execution;

/// <summary>A registry of DAGs loaded once (from assemblies at start-up), which never changes.</summary>
public sealed class StaticDagRegistry : IDagRegistry
{
    private readonly Dictionary<string, DagGraph> _dags;

    public StaticDagRegistry(DagCatalog catalog)
    {
        _dags = new Dictionary<string, DagGraph>(catalog.Dags, StringComparer.Ordinal);
        Errors = catalog.Errors;
        Sources = catalog.Sources;
    }

    public StaticDagRegistry(IEnumerable<DagGraph> dags)
    {
        _dags = dags.ToDictionary(d => d.DagId, StringComparer.Ordinal);
        Errors = [];
        Sources = _dags.Values.ToDictionary(d => d.DagId, d => d.Definition.DagType.FullName ?? d.DagId, StringComparer.Ordinal);
    }

    public IReadOnlyCollection<DagGraph> Dags => _dags.Values;

    public IReadOnlyList<DagImportError> Errors { get; }

    public IReadOnlyDictionary<string, string> Sources { get; }

    public long Generation => 1;

    public DagGraph? Find(string dagId) => _dags.GetValueOrDefault(dagId);

    public DagGraph? Find(string dagId, string version) => Find(dagId) is { } graph && graph.Version == version ? graph : null;

    public Task RefreshAsync(CancellationToken ct) => Task.CompletedTask;
}
