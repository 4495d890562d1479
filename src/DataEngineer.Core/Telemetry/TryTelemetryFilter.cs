using DataEngineer.Core.Execution;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;

namespace DataEngineer.Core.Telemetry;

/// <summary>
/// Telemetry: the try's span (current while its body runs, so its statements nest under it) and its metrics; the span's
/// ids go with the try's end, for the try page's link to the trace viewer. A try the zombie reaper ended never reported
/// its own: its span, from its start to the reaping, and its metrics are recorded with the reaping.
/// </summary>
internal sealed class TryTelemetryFilter(TimeProvider time) : ITryFilter
{
    public async Task<TaskTryOutcome> InvokeAsync(TryContext context, Func<Task<TaskTryOutcome>> next)
    {
        var task = context.Task;
        using var span = EngineTelemetry.TryStarted(task);
        var started = time.GetTimestamp();
        var outcome = await next();
        EngineTelemetry.TryEnded(span, task, StateNames.Of(outcome.State), outcome.RowsRead, outcome.RowsWritten, outcome.RowsRejected, time.GetElapsedTime(started));
        if (span is null)
        {
            return outcome;
        }

        // Spans reach the trace viewer when they end, so their ids are stored with the try's end.
        var trace = new TryTrace(span.TraceId.ToHexString(), span.SpanId.ToHexString());
        return outcome with { Tail = (outcome.Tail ?? new TryTail(task.TryKey, [], [], null)) with { Trace = trace } };
    }

    public void TryEnded(TryEnd end)
    {
        if (end.By == TryEndedBy.Reaper && end.Task is { } task)
        {
            EngineTelemetry.TryReaped(task, time.GetUtcNow());
        }
    }
}
