using DataEngineer.Core.Execution;
using Hangfire;

namespace DataEngineer.Execution.Hangfire;

/// <summary>
/// The Hangfire job that carries a stored backfill on a worker. Re-delivered after a crash, retried after an error or
/// dispatched again on resume, it carries on where it was: the backfill's state and runs are in the metadata store.
/// </summary>
[AutomaticRetry(Attempts = 5)]
public sealed class BackfillJob(Backfill backfill)
{
    public Task RunAsync(long backfillId, CancellationToken cancellationToken) => backfill.RunAsync(backfillId, cancellationToken);
}
