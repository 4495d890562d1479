using System.Globalization;

namespace DataEngineer.Core.Storage;

/// <summary>A run that does not move: <see cref="Reason"/> says why in a sentence an on-call engineer can act on.</summary>
public sealed record StuckRun(DagRun Run, string Reason)
{
    public const string NothingInFlight = "running with no task scheduled, queued, running or up for retry: the scheduler's sweep settles it, or clear its tasks";

    public static string QueuedSince(DateTimeOffset createdAt) => string.Create(CultureInfo.InvariantCulture,
        $"queued since {createdAt.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z: the DAG is paused or at its max active runs, or no scheduler runs");
}
