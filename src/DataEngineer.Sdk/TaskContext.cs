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

    /// <summary>This instance's index in its mapped task's list (<c>process_file[3]</c> has 3); -1 for a task that is not mapped.</summary>
    public virtual int MapIndex => -1;

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
    /// The Npgsql connection string of a PostgreSQL connection (see <see cref="GetConnection"/>), e.g. the
    /// <c>Warehouse</c> connection standalone creates. Only task connections are reachable: never the engine's own
    /// metadata database.
    /// </summary>
    /// <exception cref="InvalidOperationException">No connection of that name is set (the message names where it was looked for), or it is not to PostgreSQL.</exception>
    public virtual string GetConnectionString(string name) => GetConnection(name).ToConnectionString();

    /// <summary>
    /// The connection named <paramref name="name"/> (names ignore case), looked up in configuration
    /// (<c>DataEngineer:Connections:&lt;name&gt;</c>, or a <c>ConnectionStrings:&lt;name&gt;</c> other than the
    /// engine's), then the environment variable <c>DATAENGINEER_CONN_&lt;NAME&gt;</c> holding a URI, then the secret
    /// files of <c>DataEngineer:ConnectionsDirectory</c>. Its password is masked in this try's log and error.
    /// </summary>
    /// <exception cref="InvalidOperationException">No connection of that name is set; the message names where it was looked for.</exception>
    public abstract Connection GetConnection(string name);

    /// <summary>
    /// The value of variable <paramref name="key"/>, stored in the metadata database (<c>dataengineer variables set</c>,
    /// the REST API or the Variables page). A secret variable's value is masked in this try's log and error.
    /// </summary>
    /// <exception cref="InvalidOperationException">No variable of that key is set; the message names it and where it was looked for.</exception>
    public abstract ValueTask<string> GetVariableAsync(string key);

    /// <summary>The value of variable <paramref name="key"/> read as JSON into <typeparamref name="T"/> (a number, a bool, an object...).</summary>
    /// <exception cref="InvalidOperationException">No variable of that key is set, or its value is not a <typeparamref name="T"/> in JSON.</exception>
    public async ValueTask<T> GetVariableAsync<T>(string key)
    {
        var text = await GetVariableAsync(key);
        if (typeof(T) == typeof(string))
        {
            return (T)(object)text;
        }

        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<T>(text, XComJson.Options)
                ?? throw new InvalidOperationException($"Variable '{key}' is null, not a {typeof(T).Name}.");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InvalidOperationException(
                $"Variable '{key}' cannot be read as {typeof(T).Name}: {e.Message} Store it as JSON (e.g. 42, true, \"text\", {{\"a\": 1}}).", e);
        }
    }

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

    /// <summary>
    /// The dataset's freshness as the engine last recorded it (a write's freshness column maximum, else the write's time),
    /// or null when no write of <paramref name="dataset"/> is recorded. What <see cref="Sensors.DatasetFresherThan"/> pokes.
    /// Null outside the engine unless <see cref="Testing.TaskTestEnvironment"/> says otherwise.
    /// </summary>
    /// <param name="dataset">The dataset's name, e.g. <c>warehouse.fact_orders</c>.</param>
    public virtual ValueTask<DateTimeOffset?> GetDatasetFreshAsOfAsync(string dataset) => ValueTask.FromResult<DateTimeOffset?>(null);

    /// <summary>
    /// Ends this try as a sensor's unmet poke (Airflow's reschedule mode): the task gives its worker and pool slot back,
    /// shows as <c>up_for_reschedule</c> with its next poke time, and runs again after <paramref name="pokeInterval"/>.
    /// Pokes do not use up retries. With <paramref name="timeout"/>, a poke that would reschedule once the task has waited
    /// that long since its first poke fails the task instead, without retries. <see cref="DagBuilder.Sensor(string, Func{TaskContext, Task{bool}}, SensorOptions?, TaskOptions?)"/> does this for you.
    /// </summary>
    /// <param name="pokeInterval">The wait before the next poke; positive.</param>
    /// <param name="timeout">How long the task may wait, from its first poke; positive, or null for no limit.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pokeInterval"/> or <paramref name="timeout"/> is zero or negative.</exception>
    [DoesNotReturn]
    public void Reschedule(TimeSpan pokeInterval, TimeSpan? timeout = null) => throw new TaskRescheduleException(pokeInterval, timeout);

    /// <summary>Ends this try as <c>skipped</c>.</summary>
    [DoesNotReturn]
    public void Skip(string reason) => throw new TaskSkippedException(reason);

    /// <summary>Fails this task now, without further retries.</summary>
    [DoesNotReturn]
    public void Fail(string reason) => throw new TaskFailedException(reason);
}
