using DataEngineer.Core.Governance;
using DataEngineer.Core.Variables;
using DataEngineer.Core.Storage;
using DataEngineer.Sdk;
using Microsoft.Extensions.Logging;

namespace DataEngineer.Core.Execution;

/// <summary>The task context the engine gives a try: reads XCom from the store, buffers pushes and log lines.</summary>
internal sealed class EngineTaskContext : TaskContext
{
    private readonly DagRun _run;
    private readonly TaskInstance _task;
    private readonly IXComStore _xcom;
    private readonly IVariableStore _variables;
    private readonly IWatermarkStore _watermarks;
    private readonly IDatasetCatalogStore _catalog;
    private readonly IDataQualityStore _quality;
    private readonly TaskRuntimeOptions _options;

    public EngineTaskContext(DagRun run, TaskInstance task, RunConf conf, IXComStore xcom, IVariableStore variables, IWatermarkStore watermarks, IDatasetCatalogStore catalog,
        IDataQualityStore quality, TaskRuntimeOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        _run = run;
        _task = task;
        _xcom = xcom;
        _variables = variables;
        _watermarks = watermarks;
        _catalog = catalog;
        _quality = quality;
        _options = options;
        Conf = conf;
        Logger = logger;
        CancellationToken = cancellationToken;
    }

    public override string DagId => _run.DagId;

    public override string TaskId => _task.TaskId;

    public override string RunId => _run.RunId;

    public override int MapIndex => Mapping.MappedTaskId.TryParse(_task.TaskId, out _, out var index) ? index : -1;

    public override DataInterval DataInterval => _run.DataInterval;

    public override int TryNumber => _task.TryNumber;

    public override int MaxTries => _task.MaxTries;

    public override RunConf Conf { get; }

    public override ILogger Logger { get; }

    public override CancellationToken CancellationToken { get; }

    /// <summary>Masks PII in what the try reports (rows, log lines, its error).</summary>
    public PiiMasker Masker { get; init; } = new([]);

    public override string MaskRow(string dataset, string rowJson) => Masker.MaskRow(dataset, rowJson);

    /// <summary>Values pushed during the try, saved only if it succeeds.</summary>
    public Dictionary<string, string> Pushed { get; } = new(StringComparer.Ordinal);

    public override Connection GetConnection(string name)
    {
        var connection = _options.Connections.Get(name);
        Masker.ObserveSecret(connection.Password);
        return connection;
    }

    public override async ValueTask<string> GetVariableAsync(string key)
    {
        var stored = await _variables.GetVariableAsync(key, CancellationToken) ?? throw new UnknownVariableException(key);
        var value = new VariableReader(_variables, _options.VariableCipher).Plain(stored);
        if (stored.IsSecret)
        {
            Masker.ObserveSecret(value);
        }

        return value;
    }

    public override void PushXCom(string key, object? value) => Pushed[key] = CheckedJson(value, value?.GetType(), key);

    public override async ValueTask<T?> PullXComAsync<T>(string taskId, string key = XComKeys.ReturnValue) where T : default
    {
        var entry = await _xcom.GetXComAsync(_run.Key, taskId, key, CancellationToken);
        return entry is null ? default : (T?)XComJson.Read(entry.Json, typeof(T), taskId, TaskId);
    }

    public override async ValueTask<string?> GetWatermarkAsync(string source, string? taskId = null) =>
        (await _watermarks.GetWatermarkAsync(DagId, taskId ?? TaskId, source, CancellationToken))?.Value;

    public override async ValueTask<IReadOnlyList<DatasetConsumer>> GetDatasetConsumersAsync(string dataset) =>
        (await _catalog.ListDatasetLineageAsync(dataset, CancellationToken))
            .Where(e => e.Access == DatasetAccess.Reads && !(e.DagId == DagId && e.TaskId == TaskId))
            .Select(e => new DatasetConsumer(e.DagId, e.TaskId))
            .ToList();

    public override async ValueTask<DateTimeOffset?> GetDatasetFreshAsOfAsync(string dataset) =>
        (await _quality.GetDatasetAsync(dataset, CancellationToken))?.FreshAsOf;

    public string CheckedJson(object? value, Type? type, string key)
    {
        var json = XComJson.Write(value, type);
        var bytes = System.Text.Encoding.UTF8.GetByteCount(json);
        if (bytes > _options.XComMaxBytes)
        {
            throw new XComTooLargeException(
                $"Task '{TaskId}' produced an XCom value '{key}' of {bytes:N0} bytes, above the limit of {_options.XComMaxBytes:N0} bytes " +
                "(DataEngineer:XComMaxBytes). XCom is for small results; write large data to a table or file and pass its name instead.");
        }

        return json;
    }
}
