using System.Collections.Concurrent;
using DataEngineer.Core.Execution;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;
using DataEngineer.Sdk;
using Microsoft.Extensions.Logging;

namespace DataEngineer.Core.Alerts;

/// <summary>
/// When a try ends: runs the task's Sdk callback (on failure, retry or success) with its timeout, and
/// publishes the failure, retry or recovery alert to whoever subscribes. All of it happens in the
/// background, after the try is recorded: the task and the next ones never wait for it, and an
/// error here is logged and written to the try's log, never thrown. A filter of the <see cref="TryPipeline"/>: whoever
/// records the end (the worker, <c>dags test</c>, the zombie reaper, an approval's decision) tells it.
/// </summary>
public sealed class TryEndNotifier(IAlertPublisher alerts, IRunQueries queries, ITaskLogStore logs, AlertRoutingOptions routing, ILogger<TryEndNotifier> logger)
    : ITryFilter, IAsyncDisposable
{
    public static readonly TimeSpan DefaultCallbackTimeout = TimeSpan.FromSeconds(30);
    private const int LogLinesInAlert = 20;
    private readonly ConcurrentDictionary<Task, byte> _pending = new();

    public void TryEnded(TryEnd end)
    {
        if (end.Task is not { State: TaskInstanceState.Success or TaskInstanceState.Failed or TaskInstanceState.UpForRetry } task)
        {
            return; // A stale report (the try no longer owned the task), or an end that is neither a success nor a failure.
        }

        var work = Task.Run(() => ReactAsync(end.Graph, end.After.Run, task), CancellationToken.None);
        _pending[work] = 0;
        work.ContinueWith(done => _pending.TryRemove(done, out _), TaskScheduler.Default);
    }

    /// <summary>Waits for the reactions started so far (callbacks are cancelled by their own timeouts).</summary>
    public Task DrainAsync() => Task.WhenAll(_pending.Keys);

    public async ValueTask DisposeAsync() => await DrainAsync();

    private async Task ReactAsync(DagGraph graph, DagRun run, TaskInstance task)
    {
        try
        {
            var options = graph.Tasks.TryGetValue(task.TaskId, out var node) ? node.Definition.Options.Over(graph.Options.DefaultTaskOptions) : new TaskOptions();
            await RunCallbackAsync(options, run, task);
            if (await EventOfAsync(graph, run, task) is { } kind)
            {
                await alerts.PublishAsync(await EventAsync(kind, run, task), CancellationToken.None);
            }
        }
        catch (Exception e)
        {
            logger.LogError(e, "Alerting for try {Try} of {Task} in {Run} failed", task.TryNumber, task.TaskId, run.Key);
        }
    }

    private async Task RunCallbackAsync(TaskOptions options, DagRun run, TaskInstance task)
    {
        var (name, callback) = task.State switch
        {
            TaskInstanceState.Failed => ("on_failure", options.OnFailure),
            TaskInstanceState.UpForRetry => ("on_retry", options.OnRetry),
            _ => ("on_success", options.OnSuccess),
        };
        if (callback is null)
        {
            return;
        }

        var timeout = options.CallbackTimeout ?? DefaultCallbackTimeout;
        using var cancel = new CancellationTokenSource(timeout);
        string? problem = null;
        try
        {
            var context = new TaskCallbackContext
            {
                DagId = run.DagId,
                TaskId = task.TaskId,
                RunId = run.RunId,
                LogicalDate = run.LogicalDate,
                TryNumber = task.TryNumber,
                MaxTries = task.MaxTries,
                State = StateNames.Of(task.State),
                Error = task.Error,
                CancellationToken = cancel.Token,
            };
            await callback(context).WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            problem = $"The {name} callback did not finish within {timeout}; it was cancelled.";
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            problem = $"The {name} callback did not finish within {timeout}; it was cancelled.";
        }
        catch (Exception e)
        {
            problem = $"The {name} callback threw {e.GetType().Name}: {e.Message}";
        }

        if (problem is not null)
        {
            logger.LogWarning("Try {Try} of {Task} in {Run}: {Problem}", task.TryNumber, task.TaskId, run.Key, problem);
            await logs.AppendLogAsync(run.Key, task.TaskId, task.TryNumber, [new TaskLogLine(DateTimeOffset.UtcNow, "WARNING", problem)], CancellationToken.None);
        }
    }

    private async Task<AlertEvents?> EventOfAsync(DagGraph graph, DagRun run, TaskInstance task)
    {
        AlertEvents? kind = task.State switch
        {
            TaskInstanceState.Failed => AlertEvents.Failure,
            TaskInstanceState.UpForRetry => AlertEvents.Retry,
            TaskInstanceState.Success when task.TryNumber > 1 => AlertEvents.Recovery,
            _ => null,
        };
        if (kind is not { } k || AlertRouting.Recipients(graph, task.TaskId, k, routing).Count == 0)
        {
            return null;
        }

        if (k == AlertEvents.Recovery)
        {
            // A recovery is a success right after a failed try (a retry that worked, or a cleared task that now passes).
            var tries = await queries.ListTriesAsync(run.Key, task.TaskId, CancellationToken.None);
            var previous = tries.LastOrDefault(t => t.TryNumber < task.TryNumber);
            return previous?.State is TaskInstanceState.Failed or TaskInstanceState.UpForRetry ? k : null;
        }

        return k;
    }

    private async Task<AlertEvent> EventAsync(AlertEvents kind, DagRun run, TaskInstance task)
    {
        var log = await logs.GetLogAsync(run.Key, task.TaskId, task.TryNumber, CancellationToken.None);
        var summary = kind switch
        {
            AlertEvents.Failure => $"Task {task.TaskId} failed after try {task.TryNumber} of {task.MaxTries}",
            AlertEvents.Retry => $"Task {task.TaskId} failed try {task.TryNumber} of {task.MaxTries} and will be retried",
            _ => $"Task {task.TaskId} succeeded on try {task.TryNumber} after a failed try",
        };
        return new AlertEvent
        {
            Kind = kind,
            Key = $"{AlertKinds.Name(kind)}/{run.DagId}/{run.RunId}/{task.TaskId}/{task.TryNumber}",
            Summary = summary,
            DagId = run.DagId,
            RunId = run.RunId,
            TaskId = task.TaskId,
            LogicalDate = run.LogicalDate,
            TryNumber = task.TryNumber,
            MaxTries = task.MaxTries,
            Error = task.Error,
            LogLines = log.TakeLast(LogLinesInAlert).Select(l => $"{l.At:HH:mm:ss} {l.Level} {l.Message}").ToList(),
        };
    }
}
