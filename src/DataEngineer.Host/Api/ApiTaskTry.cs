using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Ui.Presentation;

namespace DataEngineer.Host.Api;

/// <summary>One try of a task as the REST API shows it, with its OpenTelemetry trace (and the trace viewer's address when configured).</summary>
internal sealed record ApiTaskTry(
    string TaskId, string State, int TryNumber, string Queue, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, double? DurationSeconds,
    string? Hostname, string? Error, long RowsRead, long RowsWritten, long RowsRejected, string? TraceId, string? SpanId, string? TraceUrl)
{
    public static ApiTaskTry Of(TaskTry t, TryTrace? trace, UiOptions options) => new(
        t.TaskId, StateNames.Of(t.State), t.TryNumber, t.Queue, t.StartedAt, t.EndedAt,
        t.StartedAt is { } s && t.EndedAt is { } e ? (e - s).TotalSeconds : null, t.Hostname, t.Error, t.RowsRead, t.RowsWritten, t.RowsRejected,
        trace?.TraceId, trace?.SpanId, trace is null ? null : options.TraceLink(trace));
}
