using DataEngineer.Core.States;
using DataEngineer.Core.Storage;

namespace DataEngineer.Core.Execution;

/// <summary>How one try ended, as reported by the worker that ran it.</summary>
public sealed record TaskTryOutcome
{
    /// <summary>Success, Skipped, Failed, or UpForReschedule (a sensor's poke found its condition unmet).</summary>
    public required TaskInstanceState State { get; init; }

    /// <summary>Whether a failure may be retried (false for Fail(), XCom and conf errors).</summary>
    public bool Retryable { get; init; } = true;

    public string? Error { get; init; }

    /// <summary>For an <c>up_for_reschedule</c> outcome: when the next poke is due.</summary>
    public DateTimeOffset? RescheduleAt { get; init; }
    public long RowsRead { get; init; }
    public long RowsWritten { get; init; }
    public long RowsRejected { get; init; }

    /// <summary>For a successful branch: the downstream task ids it chose.</summary>
    public IReadOnlyList<string>? BranchChoice { get; init; }

    /// <summary>For a mapped task's successful expansion: how many instances it expanded to.</summary>
    public int? MapLength { get; init; }

    /// <summary>The datasets the try recorded writes of (besides those its task declares), for dataset update events.</summary>
    public IReadOnlyList<string> DatasetsWritten { get; init; } = [];

    /// <summary>A successful try's XCom values (its return value and what it pushed), stored with its success.</summary>
    public IReadOnlyList<XComEntry> XCom { get; init; } = [];

    /// <summary>What the try leaves to store with its end: its last log lines and its trace ids.</summary>
    public TryTail? Tail { get; init; }

    public static TaskTryOutcome Failed(string error, bool retryable = true) =>
        new() { State = TaskInstanceState.Failed, Error = error, Retryable = retryable };
}
