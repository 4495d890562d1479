using DataEngineer.Core.Execution;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using Spectre.Console;

namespace DataEngineer.Host.Cli;

/// <summary>
/// Prints a run's progress live, as a filter of the try pipeline (innermost): each try's start and recorded end, and its
/// log lines (masked) as they are written.
/// </summary>
internal sealed class ConsoleRunObserver(IAnsiConsole console, int idWidth) : ITryFilter
{
    private readonly Lock _lock = new();

    public Task<TaskTryOutcome> InvokeAsync(TryContext context, Func<Task<TaskTryOutcome>> next)
    {
        var task = context.Task;
        TaskStarted(task);
        var inner = context.Lines;
        context.Lines = line =>
        {
            inner(line);
            TaskLog(task, line);
        };
        return next();
    }

    public void TryEnded(TryEnd end)
    {
        if (end.Task is { } task)
        {
            TaskFinished(task);
        }
    }

    private void TaskStarted(TaskInstance task) =>
        Write($"[grey]{Now()}[/] {Id(task)} [blue]running[/]  try {task.TryNumber}/{task.MaxTries}");

    private void TaskFinished(TaskInstance task)
    {
        var colour = task.State switch
        {
            TaskInstanceState.Success => "green",
            TaskInstanceState.Skipped => "grey",
            TaskInstanceState.UpForRetry => "yellow",
            TaskInstanceState.UpForReschedule => "aqua",
            _ => "red",
        };
        var detail = task.State switch
        {
            TaskInstanceState.UpForRetry => $"  retry at {task.NextTryAt:HH:mm:ss}",
            TaskInstanceState.UpForReschedule => $"  next poke at {task.NextTryAt:HH:mm:ss}",
            _ => "",
        };
        var error = task.Error is null ? "" : $"  [{colour}]{Markup.Escape(task.Error)}[/]";
        Write($"[grey]{Now()}[/] {Id(task)} [{colour}]{StateNames.Of(task.State)}[/]  {task.Duration?.TotalMilliseconds:F0} ms" +
              $"  rows r/w/x {task.RowsRead}/{task.RowsWritten}/{task.RowsRejected}{detail}{error}");
    }

    private void TaskLog(TaskInstance task, TaskLogLine line) =>
        Write($"[grey]{Now()}   {Markup.Escape(task.TaskId)} | {line.Level,-11} {Markup.Escape(line.Message)}[/]");

    private string Id(TaskInstance task) => Markup.Escape(task.TaskId.PadRight(idWidth));

    private static string Now() => DateTimeOffset.UtcNow.ToString("HH:mm:ss.fff");

    private void Write(string markup)
    {
        lock (_lock)
        {
            console.MarkupLine(markup);
        }
    }
}
