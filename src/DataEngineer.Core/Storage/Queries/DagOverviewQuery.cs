using DataEngineer.Core.States;

namespace DataEngineer.Core.Storage;

/// <summary>Which DAGs the DAGs page shows: filters (all optional, combined with AND) and the page.</summary>
public sealed record DagOverviewQuery
{
    /// <summary>A case-insensitive substring of the DAG id, description or owner.</summary>
    public string? Search { get; init; }

    public string? Tag { get; init; }

    public string? Owner { get; init; }

    /// <summary>Only DAGs whose newest run is in this state.</summary>
    public DagRunState? LastRunState { get; init; }

    public bool? Paused { get; init; }

    public int Offset { get; init; }

    public int Limit { get; init; } = 25;

    /// <summary>How many of each DAG's newest runs to return.</summary>
    public int RecentRuns { get; init; } = 10;
}
