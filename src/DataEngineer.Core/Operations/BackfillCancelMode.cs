namespace DataEngineer.Core.Operations;

/// <summary>
/// What cancelling a backfill does to its runs that are running. Either way it creates no new run, and its queued
/// runs (created, not started) are cancelled.
/// </summary>
public enum BackfillCancelMode
{
    /// <summary><c>finish</c>: running runs go on to their end.</summary>
    Finish,

    /// <summary><c>cancel</c>: running runs are cancelled as <see cref="RunOperations.CancelAsync"/> does.</summary>
    Cancel,
}
