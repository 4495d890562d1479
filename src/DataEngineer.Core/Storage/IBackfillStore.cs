using DataEngineer.Core.States;

namespace DataEngineer.Core.Storage;

/// <summary>
/// Backfills and the runs linked to them (Airflow 3's backfill and backfill_dag_run). A backfill's runs are created and
/// linked only while it is running, checked in the same transaction, so a paused or cancelled backfill creates none.
/// </summary>
public interface IBackfillStore
{
    /// <summary>Stores a new backfill; returns it with its id.</summary>
    Task<BackfillRecord> CreateBackfillAsync(BackfillRecord backfill, CancellationToken ct = default);

    /// <summary>The backfill with its progress, or null.</summary>
    Task<BackfillRecord?> GetBackfillAsync(long id, CancellationToken ct = default);

    /// <summary>Backfills of one DAG (every DAG when null), newest first, with their progress.</summary>
    Task<IReadOnlyList<BackfillRecord>> ListBackfillsAsync(string? dagId, int limit = 100, CancellationToken ct = default);

    /// <summary>Moves the backfill to <paramref name="to"/> if it is in one of <paramref name="from"/>; false (nothing changed) otherwise.</summary>
    Task<bool> SetBackfillStateAsync(long id, IReadOnlyCollection<BackfillState> from, BackfillState to, DateTimeOffset at, CancellationToken ct = default);

    /// <summary>Creates the run and its task instances linked to the backfill, if the backfill is running; false (nothing created) otherwise.</summary>
    /// <exception cref="DuplicateRunException">The DAG already has a run for that logical date or run id.</exception>
    Task<bool> CreateBackfillRunAsync(long id, DagRun run, IReadOnlyList<TaskInstance> tasks, CancellationToken ct = default);

    /// <summary>Links an existing run to the backfill (one it re-runs), if the backfill is running; false otherwise. Linking twice is harmless.</summary>
    Task<bool> LinkBackfillRunAsync(long id, DagRun run, CancellationToken ct = default);

    /// <summary>The runs linked to the backfill, by logical date.</summary>
    Task<IReadOnlyList<DagRun>> ListBackfillRunsAsync(long id, CancellationToken ct = default);
}
