namespace DataEngineer.Core.Storage;

/// <summary>
/// Datasets with their row counts, freshness and schema versions, quality check results, and quality events
/// (failed checks, row-count anomalies, schema drift, new values, freshness breaches) that alerting reads, and the SQL
/// statements tries ran with their plans.
/// </summary>
public interface IDataQualityStore
{
    /// <summary>Records what one try observed, all or nothing: dataset writes (and new schema versions), check results, watermarks and events.</summary>
    Task RecordTryObservationsAsync(TryObservations observations, CancellationToken ct = default);

    Task<DatasetRecord?> GetDatasetAsync(string name, CancellationToken ct = default);

    Task<IReadOnlyList<DatasetRecord>> ListDatasetsAsync(CancellationToken ct = default);

    /// <summary>A dataset's writes, newest first.</summary>
    Task<IReadOnlyList<DatasetWrite>> ListDatasetWritesAsync(string name, int limit, CancellationToken ct = default);

    /// <summary>
    /// The rows written to <paramref name="dataset"/> by one task in its latest successful tries, newest first; only
    /// runs whose logical date (UTC) falls on <paramref name="weekday"/> when given.
    /// </summary>
    Task<IReadOnlyList<long>> ListRowsWrittenAsync(string dataset, string dagId, string taskId, int limit, DayOfWeek? weekday = null, CancellationToken ct = default);

    /// <summary>The SQL statements a run's tries ran (one task's when <paramref name="taskId"/> is given), by task, try and position.</summary>
    Task<IReadOnlyList<StatementRecord>> ListStatementsAsync(RunKey run, string? taskId = null, CancellationToken ct = default);

    /// <summary>How long each statement of one task took in its latest <paramref name="limit"/> runs of it, newest first.</summary>
    Task<IReadOnlyList<StatementDuration>> ListStatementDurationsAsync(string dagId, string taskId, int limit, CancellationToken ct = default);

    /// <summary>A dataset's schema versions, oldest first.</summary>
    Task<IReadOnlyList<SchemaVersion>> ListSchemaVersionsAsync(string name, CancellationToken ct = default);

    /// <summary>The check results of a run, in the order they were recorded.</summary>
    Task<IReadOnlyList<CheckRecord>> ListCheckResultsAsync(RunKey run, CancellationToken ct = default);

    /// <summary>Opens a freshness breach for its dataset unless one is open; true when this call opened it.</summary>
    Task<bool> OpenFreshnessBreachAsync(QualityEvent breach, CancellationToken ct = default);

    /// <summary>Resolves the dataset's open freshness breach; true when one was open.</summary>
    Task<bool> ResolveFreshnessBreachAsync(string dataset, DateTimeOffset at, CancellationToken ct = default);

    /// <summary>Quality events with an id above <paramref name="afterId"/>, oldest first: a cursor for subscribers such as alerting.</summary>
    Task<IReadOnlyList<QualityEvent>> ListQualityEventsAsync(long afterId, int limit, CancellationToken ct = default);

    /// <summary>The quality events one run's tries recorded (failed checks, anomalies, drift, new values), oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<QualityEvent>> ListRunEventsAsync(RunKey run, int limit, CancellationToken ct = default);

    /// <summary>The newest quality events of one dataset, newest first (for its page in the UI and the API).</summary>
    Task<IReadOnlyList<QualityEvent>> ListDatasetEventsAsync(string dataset, int limit, CancellationToken ct = default);
}
