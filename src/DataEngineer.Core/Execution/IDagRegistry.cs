using DataEngineer.Core.Validation;

namespace DataEngineer.Core.Execution;

/// <summary>The DAGs this process has loaded, by id.</summary>
public interface IDagRegistry
{
    IReadOnlyCollection<DagGraph> Dags { get; }

    DagGraph? Find(string dagId);
}
