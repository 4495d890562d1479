using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using Microsoft.Extensions.Logging;

namespace DataEngineer.Core.Execution;

/// <summary>
/// Log persistence: streams the try's (masked) log lines to the store while it runs (<see cref="TaskLogStream"/>), and
/// hands the rest, masked again with all the try learnt, to its end's transaction in the outcome's <see cref="TryTail"/>.
/// </summary>
internal sealed class TryLogFilter(ITaskLogStore store, TimeProvider time, TaskRuntimeOptions options, ILogger engineLogger) : ITryFilter
{
    public async Task<TaskTryOutcome> InvokeAsync(TryContext context, Func<Task<TaskTryOutcome>> next)
    {
        var task = context.Task;
        var log = new TaskLogStream(store, task, time, options, engineLogger);
        var inner = context.Lines;
        context.Lines = line =>
        {
            log.Add(line);
            inner(line);
        };
        var outcome = await next();
        if (outcome.Error is { } error && outcome.State == TaskInstanceState.Failed)
        {
            context.Logger.LogError("Try {Try} of {MaxTries} failed: {Error}", task.TryNumber, task.MaxTries, error);
        }

        var (revisions, rest) = await log.EndAsync(context.Masker);
        return outcome with { Tail = new TryTail(task.TryKey, revisions, rest, outcome.Tail?.Trace) };
    }
}
