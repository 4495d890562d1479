using DataEngineer.Core.Execution;
using DataEngineer.Core.States;

namespace DataEngineer.Core.Storage;

/// <summary>
/// A backfill as stored: what was asked (the DAG, the logical dates <c>[From, To]</c>, what to do with intervals that
/// already ran, how many runs at once), how many intervals that is, its state, who started it and when, and how far
/// its runs got. Its runs are linked to it by id.
/// </summary>
public sealed record BackfillRecord
{
    /// <summary>Given by the store when the backfill is created.</summary>
    public long Id { get; init; }

    public required string DagId { get; init; }
    public required DateTimeOffset From { get; init; }
    public required DateTimeOffset To { get; init; }
    public required Reprocess Reprocess { get; init; }
    public required int MaxActiveRuns { get; init; }

    /// <summary>How many scheduled intervals <c>[From, To]</c> held when it was created.</summary>
    public required int Intervals { get; init; }

    public BackfillState State { get; init; } = BackfillState.Running;
    public required string CreatedBy { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When its state last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Its linked runs by state, as read with it.</summary>
    public BackfillProgress Progress { get; init; } = BackfillProgress.None;

    public BackfillRequest Request => new(DagId, From, To, Reprocess, MaxActiveRuns);
}
