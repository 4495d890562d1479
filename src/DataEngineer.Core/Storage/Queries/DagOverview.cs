namespace DataEngineer.Core.Storage;

/// <summary>A DAG and its newest runs (newest first): one row of the DAGs page.</summary>
public sealed record DagOverview(DagRecord Dag, IReadOnlyList<DagRun> RecentRuns)
{
    public DagRun? LastRun => RecentRuns.Count > 0 ? RecentRuns[0] : null;
}
