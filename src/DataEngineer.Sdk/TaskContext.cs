using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;

namespace DataEngineer.Sdk;

/// <summary>
/// What a running task knows about its run and try, and how it reports back. The engine passes
/// one to every task; <see cref="Testing.TaskTestEnvironment"/> makes one for unit tests.
/// </summary>
public abstract class TaskContext
{
    /// <summary>The DAG's id.</summary>
    public abstract string DagId { get; }

    /// <summary>This task's id.</summary>
    public abstract string TaskId { get; }

    /// <summary>The run's id, e.g. <c>scheduled__2024-01-01T02:00:00Z</c>.</summary>
    public abstract string RunId { get; }

    /// <summary>The run's logical date: the start of its data interval.</summary>
    public DateTimeOffset LogicalDate => DataInterval.Start;

    /// <summary>The time range this run processes, <c>[start, end)</c>.</summary>
    public abstract DataInterval DataInterval { get; }

    /// <summary>This try's number, 1 for the first try.</summary>
    public abstract int TryNumber { get; }

    /// <summary>The most tries this task gets (retries + 1).</summary>
    public abstract int MaxTries { get; }

    /// <summary>The run's conf, bound to the DAG's params type.</summary>
    public abstract RunConf Conf { get; }

    /// <summary>Writes to this try's log.</summary>
    public abstract ILogger Logger { get; }

    /// <summary>Signalled when the try must stop: execution timeout, shutdown, or the run being cleared.</summary>
    public abstract CancellationToken CancellationToken { get; }

    /// <summary>Rows this try read, wrote and rejected; add to them as the task works.</summary>
    public RowCounts Rows { get; } = new();

    /// <summary>Datasets written, quality check results and high-water marks this try observed (see <see cref="DataObservations"/>).</summary>
    public DataObservations Data { get; } = new();

    /// <summary>The run's typed params (see <see cref="Dag{TParams}"/>).</summary>
    public TParams Params<TParams>() where TParams : class => Conf.Get<TParams>();

    /// <summary>
    /// A connection string from the host's configuration (<c>ConnectionStrings:{name}</c>, e.g. the
    /// environment variable <c>ConnectionStrings__Warehouse</c>).
    /// </summary>
    /// <exception cref="InvalidOperationException">No connection of that name is configured.</exception>
    public abstract string GetConnectionString(string name);

    /// <summary>Stores a value under <paramref name="key"/> for other tasks of this run to pull. Saved when the try succeeds.</summary>
    public abstract void PushXCom(string key, object? value);

    /// <summary>
    /// Reads a value another task of this run stored; the task's return value is under
    /// <see cref="XComKeys.ReturnValue"/>. Null when nothing is stored under that key.
    /// </summary>
    public abstract ValueTask<T?> PullXComAsync<T>(string taskId, string key = XComKeys.ReturnValue);

    /// <summary>
    /// The stored high-water mark of <paramref name="source"/> for this DAG and task (or the task named by
    /// <paramref name="taskId"/>), or null when none is stored (first run, or reset with <c>watermarks reset</c>).
    /// </summary>
    public abstract ValueTask<string?> GetWatermarkAsync(string source, string? taskId = null);

    /// <summary>
    /// The tasks of other DAGs (and of this one) that declare they read <paramref name="dataset"/>, as of the scheduler's
    /// last DAG sync; this task itself is left out. Data contracts name them when a write would break them. None
    /// outside the engine unless <see cref="Testing.TaskTestEnvironment.DatasetConsumers"/> says otherwise.
    /// </summary>
    /// <param name="dataset">The dataset's name, e.g. <c>warehouse.fact_orders</c>.</param>
    public virtual ValueTask<IReadOnlyList<DatasetConsumer>> GetDatasetConsumersAsync(string dataset) =>
        ValueTask.FromResult<IReadOnlyList<DatasetConsumer>>([]);

    /// <summary>
    /// Masks the values of columns classified <see cref="DataClassification.Pii"/> in one row (a JSON object) before a
    /// helper records, logs or reports it, e.g. a quality check's failing-row sample. The engine masks the PII columns
    /// of <paramref name="dataset"/> and of the datasets this task reads and writes (when those declare none, every PII
    /// column of the loaded DAGs) and remembers the originals, so they are masked in this try's log and error too.
    /// Without the engine (unit tests) the row comes back unchanged.
    /// </summary>
    /// <param name="dataset">The dataset (table) the row comes from, or a query's display name.</param>
    /// <param name="rowJson">The row as a JSON object.</param>
    /// <returns>The row with PII values masked.</returns>
    public virtual string MaskRow(string dataset, string rowJson) => rowJson;

    /// <summary>Ends this try as <c>skipped</c>.</summary>
    [DoesNotReturn]
    public void Skip(string reason) => throw new TaskSkippedException(reason);

    /// <summary>Fails this task now, without further retries.</summary>
    [DoesNotReturn]
    public void Fail(string reason) => throw new TaskFailedException(reason);
}
