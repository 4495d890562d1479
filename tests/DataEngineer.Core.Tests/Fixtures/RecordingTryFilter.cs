using System.Collections.Concurrent;
using DataEngineer.Core.Execution;
using DataEngineer.Core.States;

namespace DataEngineer.Core.Tests.Fixtures;

/// <summary>A try filter that writes down what it sees: each try it wraps, the log lines it passes, each recorded end.</summary>
public sealed class RecordingTryFilter : ITryFilter
{
    public ConcurrentQueue<string> Events { get; } = new();

    public ConcurrentQueue<string> Lines { get; } = new();

    public async Task<TaskTryOutcome> InvokeAsync(TryContext context, Func<Task<TaskTryOutcome>> next)
    {
        var inner = context.Lines;
        context.Lines = line =>
        {
            inner(line);
            Lines.Enqueue(line.Message);
        };
        Events.Enqueue($"starting {context.Task.TaskId} try {context.Task.TryNumber}");
        var outcome = await next();
        Events.Enqueue($"ran {context.Task.TaskId} try {context.Task.TryNumber}: {StateNames.Of(outcome.State)}");
        return outcome;
    }

    public void TryEnded(TryEnd end) =>
        Events.Enqueue($"ended {end.TaskId} try {end.TryNumber}: {(end.Task is { } task ? StateNames.Of(task.State) : "stale")}");
}
