namespace DataEngineer.Core.Storage;

/// <summary>
/// Where runs, task instances, tries, XCom and logs live. Every change to a run's task states goes
/// through <see cref="UpdateRunAsync"/>: the store reads the run and its task instances under a
/// lock, lets the engine decide, and writes the decision atomically, so two workers finishing
/// tasks of one run at once cannot both decide the same downstream task.
/// </summary>
public interface IMetadataStore
{
    /// <summary>Creates the run and its task instances.</summary>
    /// <exception cref="DuplicateRunException">The DAG already has a run for that logical date or run id.</exception>
    Task CreateRunAsync(DagRun run, IReadOnlyList<TaskInstance> tasks, CancellationToken ct = default);

    Task<RunSnapshot?> GetRunAsync(RunKey key, CancellationToken ct = default);

    /// <summary>Runs of a DAG, newest logical date first.</summary>
    Task<IReadOnlyList<DagRun>> ListRunsAsync(string dagId, int limit = 100, CancellationToken ct = default);

    /// <summary>
    /// Reads the run under its lock, applies <paramref name="decide"/>'s changes atomically, and
    /// returns the run as written. Each changed task instance that has started a try also updates
    /// that try's record. <paramref name="decide"/> must be pure: it may be called again on retry.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No such run.</exception>
    Task<RunSnapshot> UpdateRunAsync(RunKey key, Func<RunSnapshot, RunChanges> decide, CancellationToken ct = default);

    /// <summary>Every try of a task (or of all tasks), in try order.</summary>
    Task<IReadOnlyList<TaskTry>> ListTriesAsync(RunKey key, string? taskId = null, CancellationToken ct = default);

    /// <summary>Stores or replaces a value.</summary>
    Task SetXComAsync(XComEntry entry, CancellationToken ct = default);

    Task<XComEntry?> GetXComAsync(RunKey key, string taskId, string xcomKey, CancellationToken ct = default);

    Task AppendLogAsync(RunKey key, string taskId, int tryNumber, IReadOnlyList<TaskLogLine> lines, CancellationToken ct = default);

    Task<IReadOnlyList<TaskLogLine>> GetLogAsync(RunKey key, string taskId, int tryNumber, CancellationToken ct = default);
}
