using DataEngineer.Core.Governance;
using DataEngineer.Core.Quality;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Telemetry;
using DataEngineer.Core.Validation;
using Microsoft.Extensions.Logging;

namespace DataEngineer.Core.Execution;

/// <summary>
/// The try as one pipeline: the <see cref="ITryFilter"/>s around a small invoker (<see cref="TaskInvoker"/>), composed
/// once (<see cref="Standard"/>) and used alike by the distributed worker, <c>dags test</c> and <c>tasks test</c> to run a
/// try, and by every path that records a try's end (the worker, <c>dags test</c>, the zombie reaper, approval decisions)
/// to tell its filters.
/// </summary>
public sealed class TryPipeline
{
    private readonly TaskInvoker _invoker;
    private readonly IReadOnlyList<ITryFilter> _filters;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    private TryPipeline(TaskInvoker invoker, IReadOnlyList<ITryFilter> filters, TimeProvider time, ILogger logger)
    {
        _invoker = invoker;
        _filters = filters;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// The engine's filters, outermost first: telemetry (the try's span and metrics), log persistence (streamed while the
    /// try runs, the rest with its end), PII and secret masking, data observations; then <paramref name="more"/> (callbacks
    /// and alerts, the engine's failure log, a terminal's progress), innermost. <paramref name="dags"/> (the loaded DAGs) give
    /// the PII columns of tasks that declare no datasets (null: the try's own DAG only); <paramref name="logger"/> is the
    /// engine's own log, not a try's (a log batch that failed to stream, a filter that threw). It composes over the whole
    /// <paramref name="store"/>: the invoker reads tries, XCom, variables, watermarks, lineage and datasets, the log filter
    /// writes logs, the observation filter writes data observations, each through its own port.
    /// </summary>
    public static TryPipeline Standard(IMetadataStore store, TimeProvider time, TaskRuntimeOptions options, IDagRegistry? dags, ILogger logger,
        IEnumerable<ITryFilter>? more = null) =>
        new(new TaskInvoker(store, store, store, store, store, store, time, options),
            [
                new TryTelemetryFilter(time),
                new TryLogFilter(store, time, options, logger),
                new TryMaskingFilter(dags),
                new TryObservationFilter(store, time),
                .. more ?? [],
            ],
            time, logger);

    /// <summary>Runs one claimed try through the filters; the result is an outcome, never an exception (except shutdown).</summary>
    public Task<TaskTryOutcome> InvokeAsync(DagGraph graph, DagRun run, TaskInstance task, CancellationToken shutdown)
    {
        var context = new TryContext(graph, run, task, _time, shutdown);
        return Next(context, 0)();
    }

    /// <summary>Tells every filter a try's end was recorded; a filter that throws is logged, and the others are told all the same.</summary>
    public void TryEnded(TryEnd end)
    {
        foreach (var filter in _filters)
        {
            try
            {
                filter.TryEnded(end);
            }
            catch (Exception e)
            {
                _logger.LogError(e, "The try filter {Filter} failed for try {Try} of {Task} in {Run}", filter.GetType().Name, end.TryNumber, end.TaskId, end.After.Run.Key);
            }
        }
    }

    private Func<Task<TaskTryOutcome>> Next(TryContext context, int index) => index == _filters.Count
        ? () => _invoker.InvokeAsync(context)
        : () => _filters[index].InvokeAsync(context, Next(context, index + 1));
}
