using DataEngineer.Core.Validation;

namespace DataEngineer.Bench.Dags;

/// <summary>One of AIP-15's benchmark shapes: a set of DAGs, each triggered once, about 1,000 tasks in all.</summary>
public sealed record ThroughputShape(string Name, IReadOnlyList<DagGraph> Dags)
{
    public int TaskCount => Dags.Sum(d => d.Tasks.Count);
}
