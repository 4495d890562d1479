namespace DataEngineer.Core.Storage;

/// <summary>Run deadlines missed: recorded once per run by whichever scheduler sees the miss first.</summary>
public interface IDeadlineStore
{
    /// <summary>
    /// Records every queued or running run of the DAGs in <paramref name="deadlines"/> whose data interval ended more than its
    /// DAG's deadline before <paramref name="now"/>, unless already recorded; returns the misses recorded by this call. One
    /// query over the active runs, however many there are.
    /// </summary>
    Task<IReadOnlyList<DeadlineMiss>> RecordDeadlineMissesAsync(IReadOnlyDictionary<string, TimeSpan> deadlines, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>The run's recorded miss, or null when it met its deadline (or has none).</summary>
    Task<DeadlineMiss?> GetDeadlineMissAsync(RunKey run, CancellationToken ct = default);

    /// <summary>The misses of runs still queued or running, the oldest deadline first.</summary>
    Task<IReadOnlyList<DeadlineMiss>> ListLateRunsAsync(int limit, CancellationToken ct = default);
}
