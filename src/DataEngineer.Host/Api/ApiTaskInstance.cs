using DataEngineer.Core.States;
using DataEngineer.Core.Storage;

namespace DataEngineer.Host.Api;

/// <summary>A task instance (its latest try) as the REST API shows it.</summary>
internal sealed record ApiTaskInstance(
    string TaskId, string State, int TryNumber, int MaxTries, string Queue, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt,
    double? DurationSeconds, string? Hostname, string? Error, long RowsRead, long RowsWritten, long RowsRejected)
{
    public static ApiTaskInstance Of(TaskInstance t) => new(
        t.TaskId, StateNames.Of(t.State), t.TryNumber, t.MaxTries, t.Queue, t.StartedAt, t.EndedAt, t.Duration?.TotalSeconds,
        t.Hostname, t.Error, t.RowsRead, t.RowsWritten, t.RowsRejected);

    public static ApiTaskInstance Of(TaskTry t) => new(
        t.TaskId, StateNames.Of(t.State), t.TryNumber, t.TryNumber, t.Queue, t.StartedAt, t.EndedAt,
        t.StartedAt is { } s && t.EndedAt is { } e ? (e - s).TotalSeconds : null, t.Hostname, t.Error, t.RowsRead, t.RowsWritten, t.RowsRejected);
}
