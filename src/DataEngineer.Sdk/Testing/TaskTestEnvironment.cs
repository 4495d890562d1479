using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DataEngineer.Sdk.Testing;

/// <summary>
/// Runs one task of a DAG in a plain unit test: no database, no scheduler. Set the run's dates,
/// conf, connections and upstream values, then <see cref="RunAsync{T}"/>. Inputs and the return
/// value go through the same JSON round trip as in production, so a type that does not survive
/// XCom fails here too.
/// </summary>
/// <example><code>
/// var env = new TaskTestEnvironment { LogicalDate = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero) };
/// env.SetUpstreamValue("extract_orders", new[] { new Order(1, 9.5m) });
/// var total = await env.RunAsync&lt;decimal&gt;(new OrdersDag(), "sum_orders");
/// Assert.Equal(9.5m, total);
/// Assert.Equal(1, env.Rows.Read);
/// </code></example>
public sealed class TaskTestEnvironment
{
    private readonly ConcurrentDictionary<(string TaskId, string Key), string> _xcom = new();

    /// <summary>The run's logical date (default 2024-01-01T00:00Z); the data interval starts here.</summary>
    public DateTimeOffset LogicalDate { get; set; } = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The data interval; default one day from <see cref="LogicalDate"/>.</summary>
    public DataInterval? DataInterval { get; set; }

    /// <summary>The run id (default <c>test</c>).</summary>
    public string RunId { get; set; } = "test";

    /// <summary>The try number (default 1).</summary>
    public int TryNumber { get; set; } = 1;

    /// <summary>The run conf as JSON, bound to the DAG's params type (default <c>{}</c>).</summary>
    public string? Conf { get; set; }

    /// <summary>Connection strings tasks can ask for by name (<see cref="TaskContext.GetConnectionString"/>); a name not here is looked up in <see cref="Connections"/>.</summary>
    public IDictionary<string, string> ConnectionStrings { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Connections tasks can ask for by name (<see cref="TaskContext.GetConnection"/>); add one with <see cref="AddConnection"/>.</summary>
    public IDictionary<string, Connection> Connections { get; } = new Dictionary<string, Connection>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Variables tasks can read by key (<see cref="TaskContext.GetVariableAsync(string)"/>).</summary>
    public IDictionary<string, string> Variables { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Adds a connection from its URI, e.g. <c>AddConnection("warehouse", "postgresql://user:pass@localhost:5432/dw")</c>.</summary>
    /// <exception cref="ConnectionUriException">The URI is malformed.</exception>
    public void AddConnection(string name, string uri) => Connections[name] = ConnectionUri.Parse(name, uri);

    /// <summary>The token given to the task.</summary>
    public CancellationToken CancellationToken { get; set; }

    /// <summary>Lines the last run logged, as <c>LEVEL message</c>.</summary>
    public IReadOnlyList<string> Logs => _logs;

    /// <summary>The rows the last run reported.</summary>
    public RowCounts Rows { get; private set; } = new();

    /// <summary>The datasets, check results and marks the last run observed.</summary>
    public DataObservations Data { get; private set; } = new();

    /// <summary>Stored high-water marks by (task id, source), read by <see cref="TaskContext.GetWatermarkAsync"/>.</summary>
    public IDictionary<(string TaskId, string Source), string> Watermarks { get; } = new Dictionary<(string TaskId, string Source), string>();

    /// <summary>The readers of each dataset, by dataset name, that <see cref="TaskContext.GetDatasetConsumersAsync"/> reports (none by default).</summary>
    public IDictionary<string, IReadOnlyList<DatasetConsumer>> DatasetConsumers { get; } = new Dictionary<string, IReadOnlyList<DatasetConsumer>>(StringComparer.Ordinal);

    /// <summary>The freshness of each dataset, by dataset name, that <see cref="TaskContext.GetDatasetFreshAsOfAsync"/> reports (none by default).</summary>
    public IDictionary<string, DateTimeOffset> DatasetFreshness { get; } = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);

    private readonly List<string> _logs = [];

    /// <summary>Sets the value an upstream task returned (or pushed under <paramref name="key"/>).</summary>
    public void SetUpstreamValue(string taskId, object? value, string key = XComKeys.ReturnValue) =>
        _xcom[(taskId, key)] = XComJson.Write(value, value?.GetType());

    /// <summary>Sets an upstream value from its stored JSON, as found in the metadata store.</summary>
    public void SetUpstreamJson(string taskId, string json, string key = XComKeys.ReturnValue) => _xcom[(taskId, key)] = json;

    /// <summary>A value the last run pushed or returned, read as <typeparamref name="T"/>.</summary>
    public T? GetXCom<T>(string taskId, string key = XComKeys.ReturnValue) =>
        _xcom.TryGetValue((taskId, key), out var json) ? (T?)XComJson.Read(json, typeof(T), taskId, "test") : default;

    /// <summary>Runs the task and returns its value read as <typeparamref name="T"/>.</summary>
    /// <exception cref="TaskSkippedException">The task skipped itself.</exception>
    /// <exception cref="TaskFailedException">The task failed itself without retry.</exception>
    public async Task<T?> RunAsync<T>(Dag dag, string taskId)
    {
        var json = await RunAsync(dag, taskId);
        return json is null ? default : (T?)XComJson.Read(json, typeof(T), taskId, "test");
    }

    /// <summary>Runs the task; returns its value as stored JSON, or null for a task that returns nothing.</summary>
    public async Task<string?> RunAsync(Dag dag, string taskId)
    {
        var definition = dag.Build();
        var task = definition.Tasks.FirstOrDefault(t => t.Id == taskId)
            ?? throw new ArgumentException(
                $"DAG '{definition.Id}' has no task '{taskId}'. Its tasks: {string.Join(", ", definition.Tasks.Select(t => t.Id))}.",
                nameof(taskId));

        var inputs = task.Inputs.Select(input => _xcom.TryGetValue((input.TaskId, XComKeys.ReturnValue), out var value)
                ? XComJson.Read(value, input.Type, input.TaskId, taskId)
                : throw new InvalidOperationException(
                    $"Task '{taskId}' needs the value of '{input.TaskId}'. Call SetUpstreamValue(\"{input.TaskId}\", ...) first."))
            .ToList();

        _logs.Clear();
        var context = CreateContext(definition, taskId);
        Rows = context.Rows;
        Data = context.Data;
        var output = await task.Invoke(context, inputs);
        if (task.OutputType is null)
        {
            return null;
        }

        var json = XComJson.Write(output, task.OutputType);
        _xcom[(taskId, XComKeys.ReturnValue)] = json;
        return json;
    }

    /// <summary>
    /// Runs instance <paramref name="mapIndex"/> of a mapped task (<see cref="DagBuilder.Map{T, TOut}(string, TaskRef{IReadOnlyList{T}}, Func{TaskContext, T, TOut}, TaskOptions?)"/>)
    /// on <paramref name="item"/>, through the same JSON round trip as the engine; returns its value read as <typeparamref name="T"/>.
    /// </summary>
    /// <exception cref="TaskSkippedException">The instance skipped itself.</exception>
    /// <exception cref="TaskFailedException">The instance failed itself without retry.</exception>
    public async Task<T?> RunInstanceAsync<T>(Dag dag, string taskId, int mapIndex, object? item)
    {
        var definition = dag.Build();
        var task = definition.Tasks.FirstOrDefault(t => t.Id == taskId);
        if (task?.Mapping is not { } mapping)
        {
            throw new ArgumentException($"DAG '{definition.Id}' has no mapped task '{taskId}'. Its mapped tasks: " +
                $"{string.Join(", ", definition.Tasks.Where(t => t.Mapping is not null).Select(t => t.Id).DefaultIfEmpty("none"))}.", nameof(taskId));
        }

        _logs.Clear();
        var instanceId = $"{taskId}[{mapIndex}]";
        var context = CreateContext(definition, instanceId, mapIndex);
        Rows = context.Rows;
        Data = context.Data;
        var element = XComJson.Read(XComJson.Write(item, mapping.ItemType), mapping.ItemType, taskId, instanceId);
        var output = await mapping.InvokeItem(context, element);
        if (mapping.ItemOutputType is null)
        {
            return default;
        }

        var json = XComJson.Write(output, mapping.ItemOutputType);
        _xcom[(instanceId, XComKeys.ReturnValue)] = json;
        return (T?)XComJson.Read(json, typeof(T), instanceId, "test");
    }

    /// <summary>A context for calling a task method directly, e.g. <c>dag.Transform(env.CreateContext(dag, "transform"), input)</c>.</summary>
    public TaskContext CreateContext(Dag dag, string taskId) => CreateContext(dag.Build(), taskId);

    private TestTaskContext CreateContext(DagDefinition definition, string taskId, int mapIndex = -1) => new(
        definition.Id,
        taskId,
        this,
        RunConf.Parse(Conf, definition.ParamsType),
        new LineLogger((level, line) => _logs.Add($"{level.ToString().ToUpperInvariant()} {line}")),
        (definition.Tasks.FirstOrDefault(t => t.Id == (mapIndex < 0 ? taskId : taskId[..taskId.LastIndexOf('[')]))?.Options.Over(definition.Options.DefaultTaskOptions).Retries ?? 0) + 1,
        mapIndex);

    private sealed class TestTaskContext(string dagId, string taskId, TaskTestEnvironment env, RunConf conf, ILogger logger, int maxTries, int mapIndex) : TaskContext
    {
        public override string DagId => dagId;

        public override int MapIndex => mapIndex;

        public override string TaskId => taskId;

        public override string RunId => env.RunId;

        public override DataInterval DataInterval => env.DataInterval ?? new DataInterval(env.LogicalDate, env.LogicalDate.AddDays(1));

        public override int TryNumber => env.TryNumber;

        public override int MaxTries => maxTries;

        public override RunConf Conf => conf;

        public override ILogger Logger => logger;

        public override CancellationToken CancellationToken => env.CancellationToken;

        public override string GetConnectionString(string name) =>
            env.ConnectionStrings.TryGetValue(name, out var value) ? value : GetConnection(name).ToConnectionString();

        public override Connection GetConnection(string name) =>
            env.Connections.TryGetValue(name, out var connection)
                ? connection
                : throw new InvalidOperationException(
                    $"No connection '{name}'. Add it with TaskTestEnvironment.AddConnection(\"{name}\", \"postgresql://...\") or to TaskTestEnvironment.ConnectionStrings.");

        public override ValueTask<string> GetVariableAsync(string key) =>
            env.Variables.TryGetValue(key, out var value)
                ? ValueTask.FromResult(value)
                : throw new InvalidOperationException($"No variable '{key}'. Add it to TaskTestEnvironment.Variables.");

        public override void PushXCom(string key, object? value) => env._xcom[(taskId, key)] = XComJson.Write(value, value?.GetType());

        public override ValueTask<T?> PullXComAsync<T>(string fromTaskId, string key = XComKeys.ReturnValue) where T : default =>
            ValueTask.FromResult(env._xcom.TryGetValue((fromTaskId, key), out var json) ? (T?)XComJson.Read(json, typeof(T), fromTaskId, taskId) : default);

        public override ValueTask<string?> GetWatermarkAsync(string source, string? taskId = null) =>
            ValueTask.FromResult(env.Watermarks.TryGetValue((taskId ?? TaskId, source), out var mark) ? mark : null);

        public override ValueTask<IReadOnlyList<DatasetConsumer>> GetDatasetConsumersAsync(string dataset) =>
            ValueTask.FromResult(env.DatasetConsumers.TryGetValue(dataset, out var consumers) ? consumers : []);

        public override ValueTask<DateTimeOffset?> GetDatasetFreshAsOfAsync(string dataset) =>
            ValueTask.FromResult(env.DatasetFreshness.TryGetValue(dataset, out var at) ? at : (DateTimeOffset?)null);
    }
}
