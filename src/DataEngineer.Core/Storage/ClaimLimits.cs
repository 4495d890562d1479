namespace DataEngineer.Core.Storage;

/// <summary>
/// The limits a claim must hold (<see cref="IRunStore.UpdateRunWithOccupancyAsync"/>, <see cref="TaskScope"/>): the
/// pool whose occupancy is read and whose slots hold, and the DAG's MaxActiveRuns and MaxActiveTasks. A limit left
/// null is not held by the store (the decision may still read its occupancy).
/// </summary>
public sealed record ClaimLimits(string? Pool = null, int? MaxActiveRuns = null, int? MaxActiveTasks = null)
{
    /// <summary>No limits: only the DAG's occupancy is read.</summary>
    public static ClaimLimits None { get; } = new();
}
