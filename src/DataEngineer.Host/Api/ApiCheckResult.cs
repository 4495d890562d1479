using DataEngineer.Core.Storage;

namespace DataEngineer.Host.Api;

/// <summary>A quality check's result in one try, without its sample of failing rows (the run's page shows it, masked).</summary>
internal sealed record ApiCheckResult(
    string DagId, string RunId, string TaskId, int TryNumber, string Name, string Kind, string Severity, string Target, long FailingCount, DateTimeOffset At)
{
    public static ApiCheckResult Of(CheckRecord check) => new(
        check.DagId, check.RunId, check.TaskId, check.TryNumber, check.Name, check.Kind, check.Severity, check.Target, check.FailingCount, check.At);
}
