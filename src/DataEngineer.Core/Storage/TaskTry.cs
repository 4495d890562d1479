using DataEngineer.Core.States;

namespace DataEngineer.Core.Storage;

/// <summary>One try of a task: what happened, where, and the rows it reported.</summary>
public sealed record TaskTry(
    string DagId,
    string RunId,
    string TaskId,
    int TryNumber,
    TaskInstanceState State,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    string? Hostname,
    string Queue,
    string? Error,
    long RowsRead,
    long RowsWritten,
    long RowsRejected);
