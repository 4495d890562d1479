using DataEngineer.Core.Storage;
using Microsoft.Extensions.Logging;

namespace DataEngineer.Core.Telemetry;

/// <summary>
/// The operator-facing events of the engine's own log, each with a stable event id to alert or filter on (the
/// README's OpenTelemetry section lists them): 1xxx processes, 2xxx runs, 3xxx task tries, 4xxx DAG loading, 5xxx alerts.
/// </summary>
public static partial class EngineLog
{
    [LoggerMessage(EventId = 1000, EventName = "ProcessStarted", Level = LogLevel.Information, Message = "DataEngineer {Role} {Version} started on {Instance}")]
    public static partial void ProcessStarted(this ILogger logger, string role, string version, string instance);

    [LoggerMessage(EventId = 1001, EventName = "ProcessStopping", Level = LogLevel.Information, Message = "DataEngineer {Role} is stopping: running tries are cancelled and recorded")]
    public static partial void ProcessStopping(this ILogger logger, string role);

    [LoggerMessage(EventId = 1002, EventName = "SchedulerStarted", Level = LogLevel.Information, Message = "Scheduler started with {Count} DAGs")]
    public static partial void SchedulerStarted(this ILogger logger, int count);

    [LoggerMessage(EventId = 1003, EventName = "WorkerStarted", Level = LogLevel.Information, Message = "Worker {Host} serving queues {Queues} with {Concurrency} slots")]
    public static partial void WorkerStarted(this ILogger logger, string host, string queues, int concurrency);

    [LoggerMessage(EventId = 1004, EventName = "QueuedRunsUnheard", Level = LogLevel.Warning, Message = "Scheduler cannot listen for queued runs ({Error}); queued runs start at the next tick until it can")]
    public static partial void QueuedRunsUnheard(this ILogger logger, string error);

    [LoggerMessage(EventId = 1005, EventName = "QueuedTasksUnheard", Level = LogLevel.Warning, Message = "Worker cannot listen for queued tasks ({Error}); it claims them when their queue's wake-up arrives until it can")]
    public static partial void QueuedTasksUnheard(this ILogger logger, string error);

    [LoggerMessage(EventId = 2000, EventName = "RunCreated", Level = LogLevel.Information, Message = "Created run {Run} for {Interval}")]
    public static partial void RunCreated(this ILogger logger, RunKey run, string interval);

    [LoggerMessage(EventId = 2001, EventName = "RunFinished", Level = LogLevel.Information, Message = "Run {Run} finished: {State}")]
    public static partial void RunFinished(this ILogger logger, RunKey run, string state);

    [LoggerMessage(EventId = 2002, EventName = "StrandedRunSettled", Level = LogLevel.Warning, Message = "Run {Run} was running with nothing in flight; settled it: run {State}, {Scheduled} task(s) scheduled")]
    public static partial void StrandedRunSettled(this ILogger logger, RunKey run, string state, int scheduled);

    [LoggerMessage(EventId = 3000, EventName = "TaskTryFailed", Level = LogLevel.Warning, Message = "Try {Try} of task {Task} in run {Run} failed; the task is now {State}")]
    public static partial void TaskTryFailed(this ILogger logger, int @try, string task, RunKey run, string state);

    [LoggerMessage(EventId = 3001, EventName = "WorkerLost", Level = LogLevel.Warning, Message = "Try {Try} of task {Task} in run {Run}: {Error}")]
    public static partial void WorkerLost(this ILogger logger, int @try, string task, RunKey run, string error);

    [LoggerMessage(EventId = 3002, EventName = "TaskRequeued", Level = LogLevel.Warning, Message = "Task {Task} of run {Run} was queued at {QueuedAt} and has not started; queueing it again")]
    public static partial void TaskRequeued(this ILogger logger, string task, RunKey run, DateTimeOffset? queuedAt);

    [LoggerMessage(EventId = 4000, EventName = "DagImportError", Level = LogLevel.Warning, Message = "DAG import error: {Error}")]
    public static partial void DagImportError(this ILogger logger, string error);

    [LoggerMessage(EventId = 4001, EventName = "DagsReloaded", Level = LogLevel.Information, Message = "DAGs folder {Folder} reloaded: {Count} DAGs, {Errors} import errors")]
    public static partial void DagsReloaded(this ILogger logger, string folder, int count, int errors);

    [LoggerMessage(EventId = 5000, EventName = "AlertFailed", Level = LogLevel.Warning, Message = "Alert {Key} to {Channel} failed (attempt {Attempt} of {Max}): {Error}; {Next}")]
    public static partial void AlertFailed(this ILogger logger, string key, string channel, int attempt, int max, string error, string next);

    [LoggerMessage(EventId = 5001, EventName = "AlertDeliveryFailed", Level = LogLevel.Error, Message = "Delivering alerts failed; trying again in {Interval}")]
    public static partial void AlertDeliveryFailed(this ILogger logger, Exception exception, TimeSpan interval);
}
