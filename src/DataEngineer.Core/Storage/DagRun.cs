using DataEngineer.Core.States;
using DataEngineer.Sdk;

namespace DataEngineer.Core.Storage;

/// <summary>One run of a DAG over one data interval. Unique per (DagId, LogicalDate).</summary>
public sealed record DagRun
{
    public required string DagId { get; init; }
    public required string RunId { get; init; }
    public required DagRunType Type { get; init; }
    public required DataInterval DataInterval { get; init; }
    public string ConfJson { get; init; } = "{}";
    public DagRunState State { get; init; } = DagRunState.Queued;
    public required string DagVersion { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }

    public DateTimeOffset LogicalDate => DataInterval.Start;

    public RunKey Key => new(DagId, RunId);
}
