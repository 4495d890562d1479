using DataEngineer.Core.States;

namespace DataEngineer.Core.Storage;

/// <summary>One task in one run, as of its latest try. Earlier tries are kept as <see cref="TaskTry"/> records.</summary>
public sealed record TaskInstance
{
    public required string DagId { get; init; }
    public required string RunId { get; init; }
    public required string TaskId { get; init; }
    public TaskInstanceState State { get; init; } = TaskInstanceState.None;

    /// <summary>0 before the first try starts.</summary>
    public int TryNumber { get; init; }

    public required int MaxTries { get; init; }
    public required string Queue { get; init; }
    public required string Pool { get; init; }
    public int PriorityWeight { get; init; } = 1;
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>When an <c>up_for_retry</c> task may be tried again.</summary>
    public DateTimeOffset? NextTryAt { get; init; }

    /// <summary>When the task was handed to a worker queue (state <c>queued</c>).</summary>
    public DateTimeOffset? QueuedAt { get; init; }

    /// <summary>When the running try last said it was alive.</summary>
    public DateTimeOffset? HeartbeatAt { get; init; }

    public string? Hostname { get; init; }
    public string? Error { get; init; }
    public long RowsRead { get; init; }
    public long RowsWritten { get; init; }
    public long RowsRejected { get; init; }

    public TaskTryKey TryKey => new(DagId, RunId, TaskId, TryNumber);

    public RunKey Run => new(DagId, RunId);

    public TimeSpan? Duration => StartedAt is { } start && EndedAt is { } end ? end - start : null;

    /// <summary>
    /// The try record this state describes: from the moment a try runs until the next one is
    /// scheduled. A task waiting for its next try still carries the previous try's number, and
    /// that try's record must keep how it ended.
    /// </summary>
    public TaskTry? ToTry() => TryNumber == 0 || State is TaskInstanceState.None or TaskInstanceState.Scheduled or TaskInstanceState.Queued ? null : new TaskTry(
        DagId, RunId, TaskId, TryNumber, State, StartedAt, EndedAt, Hostname, Queue, Error, RowsRead, RowsWritten, RowsRejected);
}
