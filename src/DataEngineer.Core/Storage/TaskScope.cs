namespace DataEngineer.Core.Storage;

/// <summary>
/// The part of a run one step of a task needs, instead of the whole run: <see cref="Locked"/> are the task instances
/// the step may change (locked in task id order, so steps that share one cannot both decide it), <see cref="Read"/>
/// those whose states it only reads (read after the locks, so a step that waited for a lock sees what the holder
/// committed). <see cref="Spare"/> asks for one more ready task to hand the finishing try's slot to.
/// </summary>
public sealed record TaskScope(IReadOnlyCollection<string> Locked, IReadOnlyCollection<string> Read)
{
    /// <summary>If set, the store also locks one scheduled or queued task of the run in this pool and these queues that no one else holds.</summary>
    public SpareRequest? Spare { get; init; }

    /// <summary>
    /// If set, the store reads how full the DAG's and this pool's limits are (<see cref="ScopedSnapshot.Occupancy"/>,
    /// without a lock) and holds the pool's slots and <see cref="MaxActiveTasks"/> against the write itself
    /// (<see cref="SlotGuard"/>), so limit checks hold when several processes claim at once.
    /// </summary>
    public string? LimitsOfPool { get; init; }

    /// <summary>The DAG's MaxActiveTasks, held by the store with <see cref="LimitsOfPool"/>'s slots; null: not held.</summary>
    public int? MaxActiveTasks { get; init; }
}
