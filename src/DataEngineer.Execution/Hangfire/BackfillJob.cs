using System.Globalization;
using DataEngineer.Core.Execution;
using Hangfire;

namespace DataEngineer.Execution.Hangfire;

/// <summary>The Hangfire job that runs a backfill on a worker. Re-delivered after a crash, it carries on where it was.</summary>
[AutomaticRetry(Attempts = 0)]
public sealed class BackfillJob(Backfill backfill)
{
    public Task RunAsync(string dagId, string from, string to, string reprocess, int maxActiveRuns, CancellationToken cancellationToken) =>
        backfill.RunAsync(new BackfillRequest(
            dagId,
            DateTimeOffset.Parse(from, CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(to, CultureInfo.InvariantCulture),
            Enum.Parse<Reprocess>(reprocess),
            maxActiveRuns), cancellationToken);
}
